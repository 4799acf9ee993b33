package org.rareegress.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;
import org.rareegress.config.Settings;
import org.rareegress.enrich.Enricher;

/**
 * The topology's shape is a contract: node, store and internal topic names become changelog and
 * repartition topic names of running applications. Changing this golden file means writing down how
 * running state migrates (docs/operations.md). Regenerate with {@code -Dgolden.update=true}.
 */
class TopologyDescriptionTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/topology.txt");

    @Test
    void topologyMatchesTheCheckedInDescription() throws IOException {
        String description = describe();

        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN.getParent());
            Files.writeString(GOLDEN, description, StandardCharsets.UTF_8);
        }

        assertThat(description).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
    }

    @Test
    void everyNodeStoreAndInternalTopicIsNamedExplicitly() {
        String description = describe();

        assertThat(description).doesNotContainPattern("KSTREAM-|KTABLE-|-\\d{10}");
        assertThat(description).contains(Names.PROCESS_PREVALENCE_STORE, Names.EXPIRY_SCHEDULE_STORE,
                Names.TASK_CLOCK_STORE, Names.REPARTITION_BY_PROCESS + "-repartition");
    }

    @Test
    void backtestAndLiveTopologiesHaveTheSameShape() {
        Settings settings = Settings.defaults();

        String backtest = DetectorTopology.build(settings, new DetectorMetrics(), Enricher.none(),
                TopologyOptions.backtest(Long.MAX_VALUE), Clock.systemUTC()).describe().toString();

        assertThat(backtest).isEqualTo(describe());
    }

    private static String describe() {
        Topology topology = DetectorTopology.build(Settings.defaults(), new DetectorMetrics(), Enricher.none(),
                TopologyOptions.live(), Clock.systemUTC());
        return topology.describe().toString();
    }
}
