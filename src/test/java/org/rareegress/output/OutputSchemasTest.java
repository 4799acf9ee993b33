package org.rareegress.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rareegress.alert.AlertEncoder;
import org.rareegress.alert.AlertFormat;
import org.rareegress.alert.EcsAlert;
import org.rareegress.alert.NativeAlert;
import org.rareegress.alert.OcsfFinding;
import org.rareegress.codec.OutputJson;
import org.rareegress.config.Settings;
import org.rareegress.detect.AlertType;
import org.rareegress.detect.HuntRow;
import org.rareegress.detect.StormAlert;
import org.rareegress.output.OutputSchemas.Kind;

/** The published schemas themselves, and that checking against them can fail. */
class OutputSchemasTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    @Test
    void theGoldenAlertsRowsAndDeadLettersFollowTheirSchemas() {
        OutputSchemas.assertValidLines(Kind.ALERT, GOLDEN.resolve("alerts.jsonl"));
        OutputSchemas.assertValidLines(Kind.HUNT_ROW, GOLDEN.resolve("report.jsonl"));
        OutputSchemas.assertValidLines(Kind.DEAD_LETTER, GOLDEN.resolve("dead-letters.jsonl"));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void everySchemaIsDraft202012AndNamesTheVersionTheCodeWrites(Kind kind) {
        JsonNode schema = OutputSchemas.published(kind);

        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("$id").asText()).endsWith(":" + codeVersion(kind));
        assertThat(schema.path("required")).extracting(JsonNode::asText).isNotEmpty();
    }

    @Test
    void aStormAlertHasItsOwnShapeInEveryFormat() {
        ObjectNode storm = stormAlert();
        ObjectNode withoutCount = storm.deepCopy();
        withoutCount.remove("Suppressed");
        ObjectNode withAProcessField = storm.deepCopy();
        withAProcessField.put("DeviceCount", 1);

        assertThat(OutputSchemas.errors(Kind.ALERT, storm)).isEmpty();
        assertThat(OutputSchemas.errors(Kind.ALERT, withoutCount)).isNotEmpty().anyMatch(e -> e.contains("Suppressed"));
        assertThat(OutputSchemas.errors(Kind.ALERT, withAProcessField)).isNotEmpty().anyMatch(e -> e.contains("DeviceCount"));
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"ALERT", "ALERT_ECS", "ALERT_OCSF"})
    void thePublishedAlertSchemasAcceptATypeOfALaterVersionWithItsCommonFields(Kind kind) {
        String json = switch (kind) {
            case ALERT -> "{\"AlertId\":\"39197000-709e-5afc-9143-cf364f96cfe6\",\"AlertType\":\"SURGE\",\"SchemaVersion\":\"1.3\"}";
            case ALERT_ECS -> "{\"event\":{\"action\":\"SURGE\",\"id\":\"39197000-709e-5afc-9143-cf364f96cfe6\"},"
                    + "\"rare_egress\":{\"schema_version\":\"1.3\",\"alert_id\":\"39197000-709e-5afc-9143-cf364f96cfe6\","
                    + "\"alert_type\":\"SURGE\"}}";
            default -> "{\"class_uid\":2004,\"metadata\":{},\"unmapped\":{\"rare_egress\":{\"SchemaVersion\":\"1.3\","
                    + "\"AlertId\":\"39197000-709e-5afc-9143-cf364f96cfe6\",\"AlertType\":\"SURGE\"}}}";
        };
        ObjectNode later = OutputSchemas.parse(json.getBytes(StandardCharsets.UTF_8)).deepCopy();

        assertThat(compile(OutputSchemas.published(kind)).validate(later)).isEmpty();
        assertThat(OutputSchemas.errors(kind, later)).as("no output of ours").isNotEmpty();
    }

    @Test
    void aMissingFieldFailsValidation() {
        ObjectNode alert = goldenAlert();
        alert.remove("AlertType");

        assertThat(OutputSchemas.errors(Kind.ALERT, alert)).isNotEmpty().allMatch(e -> e.contains("AlertType"));
    }

    @Test
    void aFieldTheSchemaDoesNotListFailsValidation() {
        ObjectNode alert = goldenAlert();
        alert.put("AlertID", alert.path("AlertId").asText());
        ((ObjectNode) alert.path("Trigger")).put("LocalPort", 49152);

        assertThat(OutputSchemas.errors(Kind.ALERT, alert)).hasSize(2).anyMatch(e -> e.contains("AlertID"))
                .anyMatch(e -> e.contains("LocalPort"));
    }

    @Test
    void aWrongTypeOrValueFailsValidation() {
        ObjectNode alert = goldenAlert();
        alert.put("DeviceCount", "1");
        ((ObjectNode) alert.path("Trigger")).putArray("New").add("Hostname");
        alert.put("DetectedAt", "yesterday");

        assertThat(OutputSchemas.errors(Kind.ALERT, alert)).anyMatch(e -> e.startsWith("/DeviceCount"))
                .anyMatch(e -> e.startsWith("/Trigger/New/0")).anyMatch(e -> e.startsWith("/DetectedAt"));
        assertThatThrownBy(() -> OutputSchemas.assertValid(Kind.ALERT, alert))
                .isInstanceOf(AssertionError.class).hasMessageContaining("DeviceCount");
    }

    @Test
    void aDeadLetterWithBothRawFormsFailsValidation() throws Exception {
        ObjectNode deadLetter = (ObjectNode) OutputSchemas.parse(
                Files.readAllLines(GOLDEN.resolve("dead-letters.jsonl")).get(0).getBytes(StandardCharsets.UTF_8));
        deadLetter.put("RawBase64", "AAAA");

        assertThat(OutputSchemas.errors(Kind.DEAD_LETTER, deadLetter)).isNotEmpty();
    }

    @Test
    void thePublishedSchemaAcceptsALaterMinorVersionWithNewFieldsAndRefusesAnotherMajor() {
        Schema published = compile(OutputSchemas.published(Kind.ALERT));
        ObjectNode later = goldenAlert();
        later.put("SchemaVersion", "1.7");
        later.put("FieldOfRelease1_7", true);
        ObjectNode nextMajor = goldenAlert();
        nextMajor.put("SchemaVersion", "2.0");

        assertThat(published.validate(later)).isEmpty();
        assertThat(published.validate(nextMajor)).isNotEmpty().allMatch(e -> e.toString().contains("SchemaVersion"));
    }

    @Test
    void aRecordTypeOfALaterVersionPassesThePublishedSchemaButNoOutputOfOursMayBeOne() {
        ObjectNode later = OutputSchemas.parse("{\"AlertId\":\"39197000-709e-5afc-9143-cf364f96cfe6\",\"AlertType\":\"SURGE\",\"SchemaVersion\":\"1.3\",\"Surge\":12}".getBytes(StandardCharsets.UTF_8)).deepCopy();
        ObjectNode untyped = goldenAlert();
        untyped.remove("AlertType");

        assertThat(compile(OutputSchemas.published(Kind.ALERT)).validate(later)).isEmpty();
        assertThat(OutputSchemas.errors(Kind.ALERT, later)).isNotEmpty();
        assertThat(OutputSchemas.errors(Kind.ALERT, untyped)).isNotEmpty();
    }

    private static String codeVersion(Kind kind) {
        return switch (kind) {
            case ALERT -> NativeAlert.SCHEMA_VERSION;
            case ALERT_ECS -> EcsAlert.SCHEMA_VERSION;
            case ALERT_OCSF -> OcsfFinding.SCHEMA_VERSION;
            case HUNT_ROW -> HuntRow.SCHEMA_VERSION;
            case DEAD_LETTER -> OutputJson.DEAD_LETTER_SCHEMA_VERSION;
        };
    }

    static ObjectNode goldenAlert() {
        try {
            List<String> lines = Files.readAllLines(GOLDEN.resolve("alerts.jsonl"), StandardCharsets.UTF_8);
            return (ObjectNode) OutputSchemas.parse(lines.get(0).getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A STORM alert as the native format writes it. */
    private static ObjectNode stormAlert() {
        StormAlert storm = new StormAlert("7d3c1f0e-5b2a-5c4d-8e9f-0a1b2c3d4e5f", AlertType.STORM, "2024-06-01T08:01:00Z",
                "2024-06-01T08:09:00Z", "2024-06-01T08:00:00Z", "2024-06-01T08:10:00Z", 200, 12, List.of("a.exe", "b.exe"));
        return (ObjectNode) OutputSchemas.parse(new AlertEncoder(AlertFormat.NATIVE, Settings.defaults().filter()).encode(storm));
    }

    private static Schema compile(JsonNode schema) {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                        builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()))
                .getSchema(SchemaLocation.of("urn:test:published"), schema);
    }
}
