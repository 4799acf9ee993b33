package org.rareegress.topology;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.rareegress.allow.AllowRule;
import org.rareegress.allow.AllowRules;
import org.rareegress.allow.Allowlist;
import org.rareegress.allow.BadRuleException;

/**
 * The rules of {@value Names#ALLOWLIST_STORE} as an {@link Allowlist}, read afresh at every use (so a rule added
 * or removed counts from the next output on) and parsed again only when a rule's bytes changed. The store holds
 * a handful of small rules: reading it whole per output costs less than keeping a second copy in step.
 */
public final class AllowlistView {
    private Map<String, byte[]> lastBytes = Map.of();
    private Allowlist last = Allowlist.empty();

    public synchronized Allowlist current(ReadOnlyKeyValueStore<String, byte[]> store) {
        Map<String, byte[]> bytes = new HashMap<>();
        boolean changed = false;
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                bytes.put(entry.key, entry.value);
                changed |= !Arrays.equals(entry.value, lastBytes.get(entry.key));
            }
        }
        if (!changed && bytes.size() == lastBytes.size()) {
            return last;
        }
        Map<String, AllowRule> known = new HashMap<>();
        last.rules().forEach(rule -> known.put(rule.ruleId(), rule));
        List<AllowRule> rules = new ArrayList<>();
        bytes.forEach((id, value) -> {
            AllowRule rule = Arrays.equals(value, lastBytes.get(id)) ? known.get(id) : parse(value);
            if (rule != null) {
                rules.add(rule);
            }
        });
        lastBytes = bytes;
        last = Allowlist.of(rules);
        return last;
    }

    /** Only valid rules reach the store ({@link LoadAllowlistRules}); one that does not parse is left out all the same. */
    private static AllowRule parse(byte[] value) {
        try {
            return AllowRules.parse(value);
        } catch (BadRuleException e) {
            return null;
        }
    }
}
