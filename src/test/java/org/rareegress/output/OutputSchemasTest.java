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
import org.rareegress.alert.EcsAlert;
import org.rareegress.alert.NativeAlert;
import org.rareegress.alert.OcsfFinding;
import org.rareegress.detect.HuntRow;
import org.rareegress.detect.OutputJson;
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
        ObjectNode storm = OutputSchemas.parse("{\"AlertId\":\"39197000-709e-5afc-9143-cf364f96cfe6\",\"AlertType\":\"STORM\",\"SchemaVersion\":\"1.3\",\"Suppressed\":12}".getBytes(StandardCharsets.UTF_8)).deepCopy();
        ObjectNode untyped = goldenAlert();
        untyped.remove("AlertType");

        assertThat(compile(OutputSchemas.published(Kind.ALERT)).validate(storm)).isEmpty();
        assertThat(OutputSchemas.errors(Kind.ALERT, storm)).isNotEmpty();
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

    private static Schema compile(JsonNode schema) {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                        builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()))
                .getSchema(SchemaLocation.of("urn:test:published"), schema);
    }
}
