package org.rareegress.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rareegress.allow.AllowRule;
import org.rareegress.allow.AllowRules;
import org.rareegress.allow.BadRuleException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node {@value Names#LOAD_ALLOWLIST_RULES}: keeps {@value Names#ALLOWLIST_STORE} equal to the valid rules of the
 * allowlist topic. Kafka Streams runs it on every record of the topic, also when it rebuilds the store at start.
 * A record that is not a usable rule (bad JSON, a bad field, a key other than its RuleId) is logged, counted and
 * removes the rule of its key: the topic's latest record for a key is what holds, and a bad one holds no rule.
 * Nothing here throws: a bad rule must never stop the detector.
 */
final class LoadAllowlistRules implements Processor<String, byte[], Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(LoadAllowlistRules.class);

    private final DetectorMetrics metrics;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, byte[]> rules;

    LoadAllowlistRules(DetectorMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.rules = context.getStateStore(Names.ALLOWLIST_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String key = record.key();
        if (record.value() == null) {
            if (key != null) {
                rules.delete(key);
                LOG.info("Allowlist rule {} removed", key);
            }
            return;
        }
        try {
            AllowRule rule = AllowRules.parse(record.value());
            if (!rule.ruleId().equals(key)) {
                throw new BadRuleException("the record's key " + (key == null ? "is missing" : "'" + key + "' is not")
                        + " its RuleId '" + rule.ruleId() + "'");
            }
            rules.put(key, rule.toJson().getBytes(StandardCharsets.UTF_8));
            LOG.info("Allowlist rule {} in force: {}", key, rule.toJson());
        } catch (BadRuleException e) {
            metrics.countBadAllowlistRecord();
            LOG.warn("Allowlist record skipped ({}), key {}: {}", where(), key, e.getMessage());
            if (key != null) {
                rules.delete(key);
            }
        }
    }

    private String where() {
        return context.recordMetadata().map(RecordMetadata::topic).orElse("?") + "-"
                + context.recordMetadata().map(m -> String.valueOf(m.partition())).orElse("?") + "@"
                + context.recordMetadata().map(m -> String.valueOf(m.offset())).orElse("?");
    }
}
