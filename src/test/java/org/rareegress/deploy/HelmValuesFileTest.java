package org.rareegress.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** values.yaml is the chart's documentation: every value carries a comment. */
class HelmValuesFileTest {
    private static final Pattern KEY = Pattern.compile("^(\\s*)([A-Za-z0-9_.\\-]+):(.*)$");
    /** Kubernetes objects (and probe timings) passed through as is: their fields are Kubernetes' own. */
    private static final Set<String> PASS_THROUGH = Set.of("resources", "requests", "limits", "podSecurityContext",
            "securityContext", "capabilities", "seccompProfile", "updateStrategy", "liveness", "readiness", "startup");

    @Test
    void everyValueHasACommentAboveIt() {
        List<String> lines = RepoFiles.read("helm/rare-egress/values.yaml").lines().toList();
        List<String> uncommented = new ArrayList<>();
        List<String> parents = new ArrayList<>();
        List<Integer> indents = new ArrayList<>();

        for (int i = 0; i < lines.size(); i++) {
            Matcher key = KEY.matcher(lines.get(i));
            if (!key.matches()) {
                continue;
            }
            int indent = key.group(1).length();
            while (!indents.isEmpty() && indents.get(indents.size() - 1) >= indent) {
                indents.remove(indents.size() - 1);
                parents.remove(parents.size() - 1);
            }
            boolean passThrough = parents.stream().anyMatch(PASS_THROUGH::contains);
            if (!passThrough && !lines.get(i - 1).strip().startsWith("#")) {
                uncommented.add((i + 1) + ": " + lines.get(i).strip());
            }
            indents.add(indent);
            parents.add(key.group(2));
        }

        assertThat(uncommented).isEmpty();
    }
}
