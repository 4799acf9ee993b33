package org.rareegress.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rareegress.allow.AllowRule;
import org.rareegress.allow.AllowRules;
import org.rareegress.topology.DetectorMetrics;

/**
 * {@code GET /allowlist}: the rules this instance holds (every instance holds them all), each with the alerts it
 * silenced here, and the counts of rules since removed. Counts are of this instance since it started: the
 * stateful tasks that raise alerts are spread over the instances, so a fleet-wide count is the sum of
 * {@code rare_egress_allowlist_suppressed_total} over them (docs/allowlist.md).
 */
final class AllowlistResponse {
    private AllowlistResponse() {
    }

    static Map<String, Object> of(List<AllowRule> rules, DetectorMetrics metrics, String since) {
        Map<String, Long> suppressed = new LinkedHashMap<>(metrics.suppressedByRule());
        List<Map<String, Object>> listed = new ArrayList<>();
        for (AllowRule rule : rules) {
            Map<String, Object> fields = new LinkedHashMap<>(AllowRules.fields(rule));
            Long count = suppressed.remove(rule.ruleId());
            fields.put("Suppressed", count == null ? 0L : count);
            listed.add(fields);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Rules", listed);
        body.put("SuppressedByRemovedRules", suppressed);
        body.put("RejectedRecords", metrics.badAllowlistRecords());
        body.put("CountedSince", since);
        return body;
    }
}
