package org.rareegress.runtime.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

class TopicDriftTest {
    private static final Node BROKER = new Node(1, "localhost", 9092);
    private static final TopicDefinition TABLE = new TopicDefinition(TopicRole.RARE_PROCESSES, 6, (short) 1,
            new TreeMap<>(Map.of("cleanup.policy", "compact", "segment.ms", "3600000")), "test");

    @Test
    void topicAsDefinedHasNoDifferences() {
        List<String> differences = TopicDrift.differences(TABLE, topic(6, 1),
                config(new ConfigEntry("cleanup.policy", "compact"), new ConfigEntry("segment.ms", "3600000")));

        assertThat(differences).isEmpty();
    }

    @Test
    void reportsEachDifferingSettingOnItsOwnLine() {
        List<String> differences = TopicDrift.differences(TABLE, topic(1, 1),
                config(new ConfigEntry("cleanup.policy", "delete"), new ConfigEntry("segment.ms", "3600000")));

        assertThat(differences).containsExactly("partitions is 1, definition says 6",
                "cleanup.policy is delete, definition says compact");
    }

    @Test
    void reportsReplicationFactorDifference() {
        List<String> differences = TopicDrift.differences(TABLE.withReplicationFactor((short) 3), topic(6, 1),
                config(new ConfigEntry("cleanup.policy", "compact"), new ConfigEntry("segment.ms", "3600000")));

        assertThat(differences).containsExactly("replication factor is 1, definition says 3");
    }

    @Test
    void listValuesCompareAsSets() {
        TopicDefinition both = new TopicDefinition(TopicRole.RARE_PROCESSES, 6, (short) 1,
                new TreeMap<>(Map.of("cleanup.policy", "compact,delete")), "test");

        List<String> differences = TopicDrift.differences(both, topic(6, 1),
                config(new ConfigEntry("cleanup.policy", "delete, compact")));

        assertThat(differences).isEmpty();
    }

    private static TopicDescription topic(int partitions, int replicas) {
        List<Node> nodes = IntStream.range(0, replicas).mapToObj(i -> BROKER).toList();
        List<TopicPartitionInfo> infos = IntStream.range(0, partitions)
                .mapToObj(p -> new TopicPartitionInfo(p, BROKER, nodes, nodes)).toList();
        return new TopicDescription("t", false, infos, Set.of(), Uuid.randomUuid());
    }

    private static Config config(ConfigEntry... entries) {
        return new Config(List.of(entries));
    }
}
