package org.rareegress.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** deploy/grafana/rare-egress.json and the metric names its panels' PromQL queries read. */
public final class GrafanaDashboard {
    public static final String FILE = "deploy/grafana/rare-egress.json";
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    /** PromQL words that are no metric: operators and modifiers (functions and aggregations are followed by "("). */
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "and", "or", "unless", "bool", "offset", "inf", "nan");

    private GrafanaDashboard() {
    }

    public static JsonNode read() {
        return RepoFiles.yaml(RepoFiles.read(FILE));
    }

    /** Every target's expression, of every panel (rows' own panels included). */
    public static List<String> expressions(JsonNode dashboard) {
        List<String> expressions = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> {
            panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText()));
            panel.path("panels").forEach(inner -> inner.path("targets")
                    .forEach(target -> expressions.add(target.path("expr").asText())));
        });
        return expressions;
    }

    /**
     * The metric names a PromQL expression reads: what is left once strings, label matchers, ranges,
     * grouping clauses, numbers, functions and keywords are taken out.
     */
    public static Set<String> metricNames(String expression) {
        String rest = expression.replaceAll("\"(\\\\.|[^\"\\\\])*\"", " ")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher matcher = IDENTIFIER.matcher(rest);
        while (matcher.find()) {
            String word = matcher.group();
            boolean call = rest.substring(matcher.end()).matches("(?s)\\s*\\(.*");
            boolean number = matcher.start() > 0 && Character.isDigit(rest.charAt(matcher.start() - 1));
            if (!call && !number && !KEYWORDS.contains(word.toLowerCase(java.util.Locale.ROOT))) {
                names.add(word);
            }
        }
        return names;
    }

    /** Every metric name the dashboard reads. */
    public static Set<String> metricNames(JsonNode dashboard) {
        Set<String> names = new TreeSet<>();
        expressions(dashboard).forEach(expression -> names.addAll(metricNames(expression)));
        return names;
    }
}
