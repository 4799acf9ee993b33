package org.rareegress.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rareegress.TestFixtures;
import org.rareegress.output.OutputSchemas.Kind;

/**
 * The version rule of docs/alerts.md, enforced: {@code schemas/} against the released copies in
 * src/test/resources/released-schemas/. Within a major version a released field may not be removed, renamed,
 * retyped or relaxed (a new enum value, a null allowed where none was), nor a required one made optional;
 * anything added needs a higher minor version. A change of major version is refused here too: it replaces the
 * released copy, on purpose, with a migration note. Alert schemas are compared per alert type ({@link SchemaShapes}):
 * every type the released schema knows, and one it does not, must get at least what it got then.
 */
class SchemaCompatibilityTest {
    private static final Set<String> PROSE = Set.of("description", "title", "$comment", "examples");

    @ParameterizedTest
    @EnumSource(Kind.class)
    void schemasDifferFromTheirReleasedVersionOnlyAsTheVersionRuleAllows(Kind kind) {
        JsonNode released = OutputSchemas.read(TestFixtures.path("released-schemas/" + kind.file()));
        JsonNode current = OutputSchemas.published(kind);

        Verdict verdict = kind.file().startsWith("alert") ? compareByType(kind, released, current) : compare(released, current);

        assertThat(verdict.problems(version(released), version(current))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"ALERT", "ALERT_ECS", "ALERT_OCSF"})
    void aReleasedTypesShapeMovedUnderAConditionMayNotLoseARequiredField(Kind kind) {
        JsonNode released = OutputSchemas.read(TestFixtures.path("released-schemas/" + kind.file()));
        ObjectNode current = OutputSchemas.published(kind).deepCopy();
        String dropped = switch (kind) {
            case ALERT -> "HuntQuery";
            case ALERT_ECS -> "process";
            default -> "evidences";
        };
        ArrayNode required = (ArrayNode) current.at("/$defs/ProcessAlert/required");
        for (int i = required.size() - 1; i >= 0; i--) {
            if (required.get(i).asText().equals(dropped)) {
                required.remove(i);
            }
        }

        Verdict verdict = compareByType(kind, released, current);

        assertThat(verdict.breaking()).isNotEmpty().allMatch(problem -> problem.contains(dropped + " no longer required"));
    }

    @Test
    void aNewAlertTypeIsAnAdditionAndItsShapeIsNotHeldToTheReleasedOnes() {
        JsonNode released = OutputSchemas.read(TestFixtures.path("released-schemas/" + Kind.ALERT.file()));
        JsonNode current = OutputSchemas.published(Kind.ALERT);

        Verdict verdict = compareByType(Kind.ALERT, released, current);

        assertThat(verdict.breaking()).isEmpty();
        assertThat(verdict.added()).contains("/else", "/$defs/StormAlert");
    }

    @Test
    void removingRetypingOrRelaxingAReleasedFieldIsBreaking() {
        JsonNode released = OutputSchemas.published(Kind.HUNT_ROW);
        ObjectNode removed = released.deepCopy();
        ((ObjectNode) removed.path("properties")).remove("Ports");
        ObjectNode retyped = released.deepCopy();
        ((ObjectNode) retyped.at("/properties/DeviceCount")).put("type", "string");
        ObjectNode optional = released.deepCopy();
        ((ArrayNode) optional.path("required")).remove(0);

        assertThat(compare(released, removed).breaking()).singleElement().asString().contains("Ports");
        assertThat(compare(released, retyped).breaking()).singleElement().asString().contains("DeviceCount");
        assertThat(compare(released, optional).breaking()).singleElement().asString().contains("InitiatingProcessFileName");
        assertThat(compare(released, removed).problems("1.0", "1.1")).isNotEmpty();
    }

    @Test
    void aNewFieldNeedsAHigherMinorVersionAndIsThenCompatible() {
        JsonNode released = OutputSchemas.published(Kind.HUNT_ROW);
        ObjectNode added = released.deepCopy();
        ((ObjectNode) added.path("properties")).putObject("ProcessCount").put("type", "integer");
        ((ObjectNode) added.at("/properties/Ports")).put("description", "reworded");

        Verdict verdict = compare(released, added);

        assertThat(verdict.breaking()).isEmpty();
        assertThat(verdict.added()).singleElement().asString().contains("ProcessCount");
        assertThat(verdict.problems("1.0", "1.0")).singleElement().asString().contains("minor");
        assertThat(verdict.problems("1.0", "1.1")).isEmpty();
        assertThat(verdict.problems("1.0", "2.0")).singleElement().asString().contains("major");
    }

    record Verdict(List<String> breaking, List<String> added) {
        List<String> problems(String releasedVersion, String currentVersion) {
            List<String> problems = new ArrayList<>();
            int[] r = parse(releasedVersion);
            int[] c = parse(currentVersion);
            if (c[0] != r[0]) {
                problems.add("major version " + releasedVersion + " -> " + currentVersion + ": replace the released copy"
                        + " and write the migration in docs/alerts.md");
                return problems;
            }
            breaking.forEach(b -> problems.add("breaking within major " + r[0] + ": " + b));
            if (!added.isEmpty() && c[1] <= r[1]) {
                problems.add("added " + added + " without a higher minor version than " + releasedVersion);
            }
            if (added.isEmpty() && breaking.isEmpty() && c[1] != r[1]) {
                problems.add("minor version " + currentVersion + " but no change since " + releasedVersion);
            }
            return problems;
        }

        private static int[] parse(String version) {
            String[] parts = version.split("\\.");
            return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        }
    }

    /**
     * The released and current alert schemas compared per alert type: what is breaking for the records of any type
     * the released schema names, from their {@link SchemaShapes}; what was added, anywhere. A released schema that
     * gives types it does not name a shape of their own (the native one: the three common fields) holds them to it
     * too. One that has a single shape for every record (ECS and OCSF 1.0) says nothing of types it does not name:
     * the version rule gives a new type its own shape (docs/alerts.md, Versions).
     */
    static Verdict compareByType(Kind kind, JsonNode released, JsonNode current) {
        Set<String> types = new LinkedHashSet<>();
        OutputSchemas.read(TestFixtures.path("released-schemas/" + Kind.ALERT.file())).at("/if/properties/AlertType/enum")
                .forEach(type -> types.add(type.asText()));
        if (released.has("if")) {
            types.add("A_TYPE_OF_A_LATER_RELEASE");
        }
        List<String> breaking = new ArrayList<>();
        Set<String> added = new LinkedHashSet<>(compare(released, current).added());
        for (String type : types) {
            JsonNode probe = SchemaShapes.probe(kind, type);
            Verdict shapes = compare(SchemaShapes.of(released, probe), SchemaShapes.of(current, probe));
            shapes.breaking().forEach(problem -> breaking.add(type + ": " + problem));
            added.addAll(shapes.added());
        }
        return new Verdict(breaking, List.copyOf(added));
    }

    static Verdict compare(JsonNode released, JsonNode current) {
        List<String> breaking = new ArrayList<>();
        List<String> added = new ArrayList<>();
        walk("", released, current, breaking, added);
        return new Verdict(breaking, added);
    }

    private static void walk(String path, JsonNode released, JsonNode current, List<String> breaking, List<String> added) {
        if (!released.isObject() || !current.isObject()) {
            if (!released.equals(current)) {
                breaking.add(path + " changed");
            }
            return;
        }
        released.properties().forEach(entry -> {
            String key = entry.getKey();
            String here = path + "/" + key;
            if (PROSE.contains(key) || key.equals("$id")) {
                return;
            }
            JsonNode now = current.get(key);
            if (now == null) {
                breaking.add(here + " removed");
            } else if (key.equals("properties") || key.equals("$defs")) {
                entry.getValue().properties().forEach(p -> {
                    if (!now.has(p.getKey())) {
                        breaking.add(here + "/" + p.getKey() + " removed");
                    } else {
                        walk(here + "/" + p.getKey(), p.getValue(), now.get(p.getKey()), breaking, added);
                    }
                });
                now.properties().forEach(p -> {
                    if (!entry.getValue().has(p.getKey())) {
                        added.add(here + "/" + p.getKey());
                    }
                });
            } else if (key.equals("required")) {
                Set<String> still = new HashSet<>();
                now.forEach(name -> still.add(name.asText()));
                entry.getValue().forEach(name -> {
                    if (!still.contains(name.asText())) {
                        breaking.add(here + ": " + name.asText() + " no longer required");
                    }
                });
            } else if (entry.getValue().isObject() || entry.getValue().isArray() && !key.equals("enum")) {
                walk(here, entry.getValue(), now, breaking, added);
            } else if (!entry.getValue().equals(now)) {
                breaking.add(here + " changed from " + entry.getValue() + " to " + now);
            }
        });
        current.properties().forEach(entry -> {
            if (!released.has(entry.getKey()) && !PROSE.contains(entry.getKey())) {
                added.add(path + "/" + entry.getKey());
            }
        });
    }

    private static String version(JsonNode schema) {
        String id = schema.path("$id").asText();
        return id.substring(id.lastIndexOf(':') + 1);
    }
}
