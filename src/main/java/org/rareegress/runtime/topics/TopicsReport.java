package org.rareegress.runtime.topics;

import java.io.PrintWriter;
import java.util.List;

/** The text {@code topics} prints: one line per topic, one more per difference, then a summary. */
final class TopicsReport {
    private TopicsReport() {
    }

    static void print(List<TopicOutcome> outcomes, PrintWriter out) {
        int created = 0;
        int unchanged = 0;
        int drifted = 0;
        for (TopicOutcome outcome : outcomes) {
            TopicDefinition definition = outcome.definition();
            String topic = outcome.topic() + " (" + definition.role().fileName() + ")";
            switch (outcome.status()) {
                case CREATED -> {
                    created++;
                    out.println("created   " + topic + ": " + definition.summary());
                }
                case UNCHANGED -> {
                    unchanged++;
                    out.println("ok        " + topic + ": matches " + definition.source());
                }
                case DRIFTED -> {
                    drifted++;
                    for (String difference : outcome.differences()) {
                        out.println("DRIFT     " + topic + ": " + difference + " (" + definition.source() + ")");
                    }
                }
            }
        }
        out.println("topics: " + created + " created, " + unchanged + " as defined, " + drifted + " drifted"
                + (drifted > 0 ? " (existing topics are never changed; fix them by hand or adjust the definitions)" : ""));
        out.flush();
    }
}
