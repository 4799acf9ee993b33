package org.rareegress.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.rareegress.alert.AlertFormat;
import org.rareegress.backtest.Backtest;

/**
 * The published schemas of schemas/ (JSON Schema 2020-12), compiled once, and the check every test applies to
 * every alert, hunt-table row and dead letter it reads: a document that does not validate fails the test
 * with the schema's errors. The tests use each schema <em>closed</em> (every object with its properties listed
 * refuses any other), so that a field written but not in the schema fails as well; the published schemas stay
 * open, so that a consumer validating with schema 1.0 still accepts a 1.1 record (docs/alerts.md, Versions).
 * ECS and OCSF alerts are also checked against the ECS field catalogue and the OCSF schema source.
 */
public final class OutputSchemas {
    public enum Kind {
        ALERT("alert.schema.json"),
        ALERT_ECS("alert-ecs.schema.json"),
        ALERT_OCSF("alert-ocsf.schema.json"),
        HUNT_ROW("hunt-row.schema.json"),
        DEAD_LETTER("dead-letter.schema.json");

        final String file;

        Kind(String file) {
            this.file = file;
        }

        public String file() {
            return file;
        }

        public static Kind alert(AlertFormat format) {
            return switch (format) {
                case NATIVE -> ALERT;
                case ECS -> ALERT_ECS;
                case OCSF -> ALERT_OCSF;
            };
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Kind, Schema> COMPILED = new ConcurrentHashMap<>();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

    private OutputSchemas() {
    }

    /** The repository's schemas/ folder (surefire runs in the project base directory). */
    public static Path folder() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().resolve("schemas");
    }

    /** A published schema as it is in the repository. */
    public static JsonNode published(Kind kind) {
        return read(folder().resolve(kind.file));
    }

    /** The errors of {@code document} against the closed schema of {@code kind}; empty when it is valid. */
    public static List<String> errors(Kind kind, JsonNode document) {
        Schema schema = COMPILED.computeIfAbsent(kind, k -> compile(closed(published(k)), k));
        return schema.validate(document).stream().map(Error::toString).toList();
    }

    public static void assertValid(Kind kind, JsonNode document) {
        List<String> errors = errors(kind, document);
        if (kind == Kind.ALERT_ECS) {
            errors = concat(errors, EcsCatalogue.get().errors(document));
        } else if (kind == Kind.ALERT_OCSF) {
            errors = concat(errors, OcsfSchema.get().errors(document));
        }
        if (!errors.isEmpty()) {
            String text = document.toString();
            throw new AssertionError("not a valid " + kind.file + " document: " + errors + "\n  in "
                    + (text.length() > 2_000 ? text.substring(0, 2_000) + "..." : text));
        }
    }

    public static JsonNode assertValid(Kind kind, byte[] json) {
        JsonNode document = parse(json);
        assertValid(kind, document);
        return document;
    }

    public static void assertValidAlert(AlertFormat format, JsonNode alert) {
        assertValid(Kind.alert(format), alert);
    }

    public static void assertValidRow(JsonNode row) {
        assertValid(Kind.HUNT_ROW, row);
    }

    public static void assertValidDeadLetter(JsonNode deadLetter) {
        assertValid(Kind.DEAD_LETTER, deadLetter);
    }

    /**
     * {@code outputs}, after checking each alert (in {@code format}), row (tombstones aside) and dead letter a
     * backtest hands over against its schema.
     */
    public static Backtest.Outputs checked(AlertFormat format, Backtest.Outputs outputs) {
        return new Backtest.Outputs() {
            @Override
            public void alert(byte[] json) {
                assertValid(Kind.alert(format), json);
                outputs.alert(json);
            }

            @Override
            public void rowChange(String process, byte[] jsonOrNull) {
                if (jsonOrNull != null) {
                    assertValid(Kind.HUNT_ROW, jsonOrNull);
                }
                outputs.rowChange(process, jsonOrNull);
            }

            @Override
            public void deadLetter(byte[] json) {
                assertValid(Kind.DEAD_LETTER, json);
                outputs.deadLetter(json);
            }
        };
    }

    /** Every line of a JSON-lines file. */
    public static void assertValidLines(Kind kind, Path file) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                assertValid(kind, parse(line.getBytes(StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code schema} with {@code additionalProperties: false} on every object schema that lists properties and
     * says nothing of others, and {@code else: false} after an {@code if}/{@code then} without one: the tests'
     * closed world.
     */
    public static JsonNode closed(JsonNode schema) {
        JsonNode copy = schema.deepCopy();
        close(copy);
        return copy;
    }

    private static void close(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            if (object.has("properties") && !object.has("additionalProperties")) {
                object.put("additionalProperties", false);
            }
            if (object.has("if") && object.has("then") && !object.has("else")) {
                // A record the schema does not describe (an alert type of a later version) is no output of ours.
                object.put("else", false);
            }
            object.properties().forEach(entry -> {
                // An "if" is a test, not a shape: closing it would change what it selects.
                if (!entry.getKey().equals("if")) {
                    close(entry.getValue());
                }
            });
        } else if (node.isArray()) {
            node.forEach(OutputSchemas::close);
        }
    }

    private static Schema compile(JsonNode schema, Kind kind) {
        return REGISTRY.getSchema(SchemaLocation.of(folder().resolve(kind.file).toUri().toString()), schema);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        if (b.isEmpty()) {
            return a;
        }
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    static JsonNode read(Path file) {
        try {
            return JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static JsonNode parse(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("an output that is not JSON: " + new String(json, StandardCharsets.UTF_8), e);
        }
    }
}
