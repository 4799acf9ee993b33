package org.rareegress.alert;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import org.rareegress.detect.Alert;

/**
 * An alert as {@code alert.format=native} writes it (schemas/alert.schema.json): the alert's own fields,
 * byte for byte as before, then the schema version and the detection metadata.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record NativeAlert(
        @JsonUnwrapped Alert alert,
        @JsonProperty("SchemaVersion") String schemaVersion,
        @JsonProperty("RuleId") String ruleId,
        @JsonProperty("RuleName") String ruleName,
        @JsonProperty("Severity") String severity,
        @JsonProperty("SeverityReason") String severityReason,
        @JsonProperty("MitreTechniques") List<String> mitreTechniques,
        @JsonProperty("HuntQuery") String huntQuery) {

    /** schemas/alert.schema.json; the version rule is in docs/alerts.md. */
    public static final String SCHEMA_VERSION = "1.1";
    /** What an alert of the process dimension says: it is exactly a 1.0 alert (no field of 1.1 is written). */
    public static final String PROCESS_SCHEMA_VERSION = "1.0";

    public static NativeAlert of(Alert alert, Detection detection) {
        return new NativeAlert(alert, alert.facts().dimension() == null ? PROCESS_SCHEMA_VERSION : SCHEMA_VERSION, detection.ruleId(), detection.ruleName(),
                detection.severity().label(), detection.severityReason(), detection.techniqueIds(),
                detection.huntQuery());
    }
}
