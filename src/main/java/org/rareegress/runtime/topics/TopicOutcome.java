package org.rareegress.runtime.topics;

import java.util.List;

/**
 * What {@code topics} found or did for one topic.
 *
 * @param differences one line per setting that differs from the definition (empty unless DRIFTED)
 */
public record TopicOutcome(String topic, TopicDefinition definition, Status status, List<String> differences) {
    public enum Status { CREATED, UNCHANGED, DRIFTED }

    public TopicOutcome {
        differences = List.copyOf(differences);
    }
}
