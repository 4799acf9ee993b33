package org.rareegress.alert;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import org.rareegress.detect.StormAlert;

/**
 * A STORM alert as {@code alert.format=native} writes it ({@code $defs/StormAlert} of schemas/alert.schema.json):
 * the storm's own fields, then the schema version and the detection metadata, as {@link NativeAlert} does.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record NativeStormAlert(
        @JsonUnwrapped StormAlert storm,
        @JsonProperty("SchemaVersion") String schemaVersion,
        @JsonProperty("RuleId") String ruleId,
        @JsonProperty("RuleName") String ruleName,
        @JsonProperty("Severity") String severity,
        @JsonProperty("SeverityReason") String severityReason,
        @JsonProperty("MitreTechniques") List<String> mitreTechniques,
        @JsonProperty("HuntQuery") String huntQuery) {

    public static NativeStormAlert of(StormAlert storm, Detection detection) {
        return new NativeStormAlert(storm, NativeAlert.SCHEMA_VERSION, detection.ruleId(), detection.ruleName(),
                detection.severity().label(), detection.severityReason(), detection.techniqueIds(),
                detection.huntQuery());
    }
}
