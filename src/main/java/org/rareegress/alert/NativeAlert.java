package org.rareegress.alert;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import org.rareegress.detect.Alert;

/**
 * An alert as {@code alert.format=native} writes it (schemas/alert.schema.json): the alert's own fields,
 * byte for byte as before, then the schema version and the detection metadata ({@link Metadata}).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record NativeAlert(@JsonUnwrapped Alert alert, @JsonUnwrapped Metadata metadata) {

    /** schemas/alert.schema.json (1.2 added STORM, whose records say it); the version rule is in docs/alerts.md. */
    public static final String SCHEMA_VERSION = "1.2";
    /** What an alert of the process dimension says: it is exactly a 1.0 alert (no field of 1.1 is written). */
    public static final String PROCESS_SCHEMA_VERSION = "1.0";
    /** What an alert of a refined dimension says: it has the fields of 1.1, none of 1.2 (which added STORM). */
    public static final String DIMENSION_SCHEMA_VERSION = "1.1";

    public static NativeAlert of(Alert alert, Detection detection) {
        return new NativeAlert(alert, Metadata.of(alert.facts().dimension() == null ? PROCESS_SCHEMA_VERSION
                : DIMENSION_SCHEMA_VERSION, detection));
    }

    /** What follows an alert's own fields in the native format, a STORM alert's too ({@link NativeStormAlert}). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Metadata(
            @JsonProperty("SchemaVersion") String schemaVersion,
            @JsonProperty("RuleId") String ruleId,
            @JsonProperty("RuleName") String ruleName,
            @JsonProperty("Severity") String severity,
            @JsonProperty("SeverityReason") String severityReason,
            @JsonProperty("MitreTechniques") List<String> mitreTechniques,
            @JsonProperty("HuntQuery") String huntQuery) {

        static Metadata of(String schemaVersion, Detection detection) {
            return new Metadata(schemaVersion, detection.ruleId(), detection.ruleName(), detection.severity().label(),
                    detection.severityReason(), detection.techniqueIds(), detection.huntQuery());
        }
    }
}
