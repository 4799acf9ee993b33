package org.rareegress.alert;

import java.util.List;
import org.rareegress.detect.Alert;
import org.rareegress.detect.FilterSettings;
import org.rareegress.detect.StormAlert;

/**
 * What every alert says about the detection behind it, whatever its format: the rule, how severe and why,
 * the ATT&CK techniques, and the query that shows its evidence in Defender or Sentinel.
 */
public record Detection(String ruleId, String ruleName, Severity severity, String severityReason,
                        List<Technique> techniques, String huntQuery) {

    public static Detection of(Alert alert, FilterSettings filter) {
        Severity.Assessment assessment = Severity.of(alert);
        DimensionRule rule = DimensionRule.of(alert.facts().dimensionOrProcess());
        return new Detection(rule.id(), rule.name(), assessment.severity(), assessment.reason(), rule.techniques(),
                HuntQuery.of(alert, filter));
    }

    /** A STORM alert's: the storm rule, its severity, the suppressed alerts' techniques, a query over the named processes. */
    public static Detection of(StormAlert storm, FilterSettings filter) {
        Severity.Assessment assessment = Severity.of(storm);
        return new Detection(StormRule.ID, StormRule.NAME, assessment.severity(), assessment.reason(),
                StormRule.TECHNIQUES, HuntQuery.of(storm, filter));
    }

    public List<String> techniqueIds() {
        return techniques.stream().map(Technique::id).toList();
    }
}
