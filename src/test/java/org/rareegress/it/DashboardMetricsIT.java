package org.rareegress.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rareegress.deploy.GrafanaDashboard;
import org.rareegress.runtime.DetectorService;

/**
 * Every metric a panel of the Grafana dashboard queries is in {@code /metrics} of a running detector that has
 * processed events (a renamed metric would leave a panel empty without a word); and RocksDB runs with the
 * shared cache of {@code rocksdb.memory-bytes}, as Kafka Streams' own RocksDB metrics report it.
 */
@ExtendWith(KafkaBroker.class)
class DashboardMetricsIT {
    private static final long ROCKSDB_MEMORY = 64L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void everyMetricOfTheDashboardIsServedAndRocksDbIsBounded(TestKafka kafka) throws Exception {
        DetectorFixture fixture = new DetectorFixture(kafka, dir, 2, "detector.warmup=PT0S",
                "rocksdb.memory-bytes=" + ROCKSDB_MEMORY);
        fixture.produce(Fleets.unkeyed(Fleets.lines(5, Duration.ofDays(1), 300)));

        try (DetectorService detector = DetectorService.start(fixture.settings("a"), Clock.systemUTC())) {
            fixture.awaitProcessed(Duration.ofMinutes(3), detector);
            // The GC pause timer appears with the first collection, as it does seconds into any real run.
            System.gc();
            Set<String> queried = GrafanaDashboard.metricNames(GrafanaDashboard.read());
            assertThat(queried).hasSizeGreaterThan(20);

            String metrics = awaitServed(detector, queried);

            assertThat(served(metrics)).containsAll(queried);
            List<String> capacities = metrics.lines().filter(line -> line.startsWith("kafka_stream_state_block_cache_capacity{"))
                    .map(line -> line.substring(line.lastIndexOf(' ') + 1)).distinct().toList();
            assertThat(capacities).as("one shared cache for every store").containsExactly(String.valueOf((double) ROCKSDB_MEMORY));
        }
    }

    /**
     * The scrape once it serves every queried name, or the last one after two minutes. Micrometer binds the
     * metrics Kafka Streams creates later (per task, per store) when it next looks, once a minute.
     */
    private static String awaitServed(DetectorService detector, Set<String> queried) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        String metrics = HttpCalls.get(detector.httpPort(), "/metrics").body();
        while (!served(metrics).containsAll(queried) && Instant.now().isBefore(deadline)) {
            Thread.sleep(1_000);
            metrics = HttpCalls.get(detector.httpPort(), "/metrics").body();
        }
        return metrics;
    }

    private static Set<String> served(String metrics) {
        Set<String> served = new TreeSet<>();
        metrics.lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                .forEach(line -> served.add(line.split("[{ ]", 2)[0]));
        return served;
    }
}
