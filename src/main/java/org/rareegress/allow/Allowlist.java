package org.rareegress.allow;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A set of rules. When several match, the one with the smallest {@code RuleId} is named and counted, so the
 * same outputs always name the same rule whatever order the rules arrived in.
 */
public final class Allowlist {
    private static final Allowlist EMPTY = new Allowlist(List.of());

    private final List<AllowRule> rules;

    private Allowlist(List<AllowRule> rulesInIdOrder) {
        this.rules = rulesInIdOrder;
    }

    public static Allowlist empty() {
        return EMPTY;
    }

    /** The rules, the last one of each id winning. */
    public static Allowlist of(Collection<AllowRule> rules) {
        java.util.TreeMap<String, AllowRule> byId = new java.util.TreeMap<>();
        rules.forEach(rule -> byId.put(rule.ruleId(), rule));
        return byId.isEmpty() ? EMPTY : new Allowlist(List.copyOf(byId.values()));
    }

    /** The first rule, in id order, that silences an output with this evidence. */
    public Optional<AllowRule> firstMatch(AllowEvidence evidence) {
        for (AllowRule rule : rules) {
            if (rule.matches(evidence)) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    public List<AllowRule> rules() {
        return rules;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    @Override
    public String toString() {
        List<String> ids = new ArrayList<>();
        rules.forEach(rule -> ids.add(rule.ruleId()));
        return "Allowlist" + ids;
    }
}
