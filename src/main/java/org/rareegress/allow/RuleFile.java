package org.rareegress.allow;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A file of rules for {@code backtest --allowlist}: one JSON rule a line, blank lines skipped. A bad line fails
 * the whole file, naming the line: a backtest that silently ran without one of its rules would measure the
 * wrong alert volume.
 */
public final class RuleFile {
    private RuleFile() {
    }

    public static Allowlist read(Path file) throws IOException, BadRuleException {
        List<AllowRule> rules = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                AllowRule rule;
                try {
                    rule = AllowRules.parse(line);
                } catch (BadRuleException e) {
                    throw new BadRuleException(file + " line " + number + ": " + e.getMessage());
                }
                if (!seen.add(rule.ruleId())) {
                    throw new BadRuleException(file + " line " + number + ": RuleId '" + rule.ruleId()
                            + "' appears twice in the file");
                }
                rules.add(rule);
            }
        }
        return Allowlist.of(rules);
    }
}
