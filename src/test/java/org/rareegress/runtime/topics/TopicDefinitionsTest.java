package org.rareegress.runtime.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rareegress.config.ConfigException;

class TopicDefinitionsTest {

    @Test
    void builtInDefinitionsCoverEveryRoleInRoleOrder() {
        List<TopicDefinition> definitions = TopicDefinitions.builtIn();

        assertThat(definitions).extracting(TopicDefinition::role).containsExactly(TopicRole.values());
    }

    @Test
    void inputKeepsThirtyFiveDaysSoAWindowCanBeReplayed() {
        TopicDefinition input = TopicDefinitions.builtIn().get(0);

        assertThat(input.configs()).containsEntry("retention.ms", String.valueOf(35L * 24 * 3600 * 1000));
    }

    @Test
    void deadLetterTopicIsBoundedInBytesAsWellAsInTime() {
        TopicDefinition deadLetters = TopicDefinitions.builtIn().get(TopicRole.DEAD_LETTER.ordinal());

        assertThat(deadLetters.configs())
                .containsEntry("retention.ms", String.valueOf(90L * 24 * 3600 * 1000))
                .containsEntry("retention.bytes", String.valueOf(1L << 30))
                .containsEntry("segment.bytes", String.valueOf(128L << 20));
    }

    @Test
    void rareProcessesTopicIsCompacted() {
        TopicDefinition table = TopicDefinitions.builtIn().get(TopicRole.RARE_PROCESSES.ordinal());

        assertThat(table.configs()).containsEntry("cleanup.policy", "compact");
    }

    @Test
    void lowerReplicationFactorCapsMinInSyncReplicas() {
        TopicDefinition alerts = TopicDefinitions.builtIn().get(TopicRole.ALERTS.ordinal());

        TopicDefinition single = alerts.withReplicationFactor((short) 1);

        assertThat(single.replicationFactor()).isEqualTo((short) 1);
        assertThat(single.configs()).containsEntry("min.insync.replicas", "1");
        assertThat(alerts.configs()).containsEntry("min.insync.replicas", "2");
    }

    @Test
    void rejectsAKeyThatIsNoTopicConfig() {
        Properties properties = new Properties();
        properties.setProperty("partitions", "3");
        properties.setProperty("replication.factor", "1");
        properties.setProperty("config.retention.msec", "1000");

        assertThatThrownBy(() -> TopicDefinitions.parse(TopicRole.INPUT, properties, "topics/input.properties"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("topics/input.properties").hasMessageContaining("config.retention.msec");
    }

    @Test
    void directoryMissingARoleIsRejectedNamingTheFile(@TempDir Path dir) throws IOException {
        for (String role : List.of("input", "alerts", "rare-processes")) {
            Files.writeString(dir.resolve(role + ".properties"), "partitions=1\nreplication.factor=1\n");
        }

        assertThatThrownBy(() -> TopicDefinitions.fromDirectory(dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("dead-letter.properties");
    }

    @Test
    void directoryWithAnUnknownRoleIsRejected(@TempDir Path dir) throws IOException {
        for (String role : List.of("input", "alerts", "rare-processes", "dead-letter", "alert")) {
            Files.writeString(dir.resolve(role + ".properties"), "partitions=1\nreplication.factor=1\n");
        }

        assertThatThrownBy(() -> TopicDefinitions.fromDirectory(dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("alert.properties").hasMessageContaining("is not a topic role");
    }
}
