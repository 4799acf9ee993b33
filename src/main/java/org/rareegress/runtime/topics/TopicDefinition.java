package org.rareegress.runtime.topics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one topic role should look like: partitions, replication factor and topic-level configs.
 *
 * @param source where the definition came from (a file or a resource), for messages
 */
public record TopicDefinition(TopicRole role, int partitions, short replicationFactor,
                              SortedMap<String, String> configs, String source) {
    static final String MIN_ISR = "min.insync.replicas";

    public TopicDefinition {
        configs = Collections.unmodifiableSortedMap(new TreeMap<>(configs));
    }

    /**
     * The same topic with another replication factor (e.g. 1 for a one-broker cluster).
     * {@code min.insync.replicas} is capped at the new factor: above it, no write with acks=all (which
     * exactly-once producers use) could ever succeed.
     */
    public TopicDefinition withReplicationFactor(short factor) {
        Map<String, String> adjusted = new LinkedHashMap<>(configs);
        String minIsr = adjusted.get(MIN_ISR);
        if (minIsr != null && Integer.parseInt(minIsr) > factor) {
            adjusted.put(MIN_ISR, String.valueOf(factor));
        }
        return new TopicDefinition(role, partitions, factor, new TreeMap<>(adjusted), source);
    }

    /** The same topic with another partition count. */
    public TopicDefinition withPartitions(int count) {
        return new TopicDefinition(role, count, replicationFactor, configs, source);
    }

    /** One line for the report: {@code 6 partitions, replication 3, cleanup.policy=compact, ...}. */
    public String summary() {
        StringBuilder text = new StringBuilder()
                .append(partitions).append(" partitions, replication ").append(replicationFactor);
        configs.forEach((key, value) -> text.append(", ").append(key).append('=').append(value));
        return text.toString();
    }
}
