package org.rareegress.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rareegress.allow.AllowEvidence;
import org.rareegress.allow.AllowRule;
import org.rareegress.allow.Allowlist;
import org.rareegress.detect.Alert;
import org.rareegress.detect.HuntRow;
import org.rareegress.event.Timestamps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node {@value Names#APPLY_ALLOWLIST}: the allowlist acts on outputs only, after the prevalence state has taken
 * in the event, so a rule never stops tracking and its removal lets the next event of a still-rare process alert.
 * An alert a rule matches is not published: it is counted under the rule and logged. A table row a rule matches
 * is published marked {@code AllowlistedBy}. Expiry is by event time: an alert's {@code WindowEnd}, a row's
 * {@code LastSeen} (docs/allowlist.md).
 */
final class ApplyAllowlist implements Processor<String, DetectorOutput, String, DetectorOutput> {
    private static final Logger LOG = LoggerFactory.getLogger(ApplyAllowlist.class);

    private final DetectorMetrics metrics;
    private final AllowlistView view = new AllowlistView();
    private ProcessorContext<String, DetectorOutput> context;
    private KeyValueStore<String, byte[]> rules;

    ApplyAllowlist(DetectorMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, DetectorOutput> context) {
        this.context = context;
        this.rules = context.getStateStore(Names.ALLOWLIST_STORE);
    }

    @Override
    public void process(Record<String, DetectorOutput> record) {
        Allowlist allowlist = view.current(rules);
        if (allowlist.isEmpty() || record.value() instanceof DetectorOutput.StormOut) {
            // A STORM names a burst, not one process's evidence: no rule matches it (docs/allowlist.md).
            context.forward(record);
        } else if (record.value() instanceof DetectorOutput.AlertOut out) {
            Alert alert = out.alert();
            AllowRule rule = allowlist.firstMatch(AllowEvidence.of(alert, Timestamps.parseNanos(alert.windowEnd())))
                    .orElse(null);
            if (rule == null) {
                context.forward(record);
            } else {
                metrics.countSuppressed(rule.ruleId());
                LOG.info("Alert {} ({} {}) silenced by allowlist rule {}", alert.alertId(), alert.type(), alert.process(),
                        rule.ruleId());
            }
        } else {
            HuntRow row = ((DetectorOutput.RowOut) record.value()).row();
            AllowRule rule = row == null ? null
                    : allowlist.firstMatch(AllowEvidence.of(row, Timestamps.parseNanos(row.lastSeen()))).orElse(null);
            context.forward(rule == null ? record
                    : record.withValue(new DetectorOutput.RowOut(row.withAllowlistedBy(rule.ruleId()))));
        }
    }
}
