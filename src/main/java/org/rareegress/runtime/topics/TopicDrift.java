package org.rareegress.runtime.topics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;

/** How an existing topic differs from its definition: one readable line per difference. */
final class TopicDrift {
    private TopicDrift() {
    }

    static List<String> differences(TopicDefinition definition, TopicDescription description, Config actual) {
        List<String> found = new ArrayList<>();
        int partitions = description.partitions().size();
        if (partitions != definition.partitions()) {
            found.add("partitions is " + partitions + ", definition says " + definition.partitions());
        }
        List<Integer> factors = description.partitions().stream()
                .map(partition -> partition.replicas().size()).distinct().sorted().toList();
        if (!factors.equals(List.of((int) definition.replicationFactor()))) {
            found.add("replication factor is " + joined(factors) + ", definition says " + definition.replicationFactor());
        }
        definition.configs().forEach((key, value) -> {
            ConfigEntry entry = actual.get(key);
            if (entry == null) {
                found.add(key + " is not a config this cluster knows, definition says " + value);
            } else if (!normalized(value).equals(normalized(entry.value()))) {
                found.add(key + " is " + entry.value() + ", definition says " + value);
            }
        });
        return found;
    }

    /** List values compare as sets: {@code compact,delete} equals {@code delete, compact}. */
    private static List<String> normalized(String value) {
        return value == null ? List.of() : Arrays.stream(value.split(",")).map(String::strip).sorted().toList();
    }

    private static String joined(List<Integer> factors) {
        return factors.stream().map(String::valueOf).reduce((a, b) -> a + " and " + b).orElse("none");
    }
}
