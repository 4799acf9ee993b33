package org.rareegress.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.LagInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rareegress.config.Settings;
import org.rareegress.config.SettingsLoader;
import org.rareegress.runtime.DetectorService;

/**
 * When part of the hunt table cannot be read where it is active (here: the instance holding it cannot be
 * reached), {@code /rare-processes} answers from the standby copy Kafka Streams keeps on this instance,
 * says so in {@code X-Rare-Egress-Stale}, and the rows are the table's; {@code /status} shows the standby.
 */
@ExtendWith(KafkaBroker.class)
class StaleTableIT {
    private static final String[] SETTINGS = {"detector.window=P1D", "detector.threshold=5", "detector.warmup=PT0S",
        "kafka.num.standby.replicas=1", "http.table-refresh=PT0S"};

    @TempDir
    Path dir;

    @Test
    void aPartUnreachableWhereActiveIsServedFromTheLocalStandbyAndFlaggedStale(TestKafka kafka) throws Exception {
        DetectorFixture fixture = new DetectorFixture(kafka, dir, 2, SETTINGS);
        fixture.produce(Fleets.unkeyed(Fleets.lines(43, Duration.ofDays(1), 600)));
        int unreachable = freePort();

        try (DetectorService a = DetectorService.start(instance(fixture, "a", freePort()), Clock.systemUTC());
             DetectorService b = DetectorService.start(instance(fixture, "b", unreachable), Clock.systemUTC())) {
            awaitActiveAndStandbyOnBoth(a, b);
            fixture.awaitProcessed(Duration.ofMinutes(3), a);
            awaitStandbysCaughtUp(a);

            HttpResponse<String> table = HttpCalls.get(a.httpPort(), "/rare-processes?limit=1000");

            assertThat(table.statusCode()).as(table.body()).isEqualTo(200);
            assertThat(table.headers().firstValue("X-Rare-Egress-Stale")).hasValueSatisfying(why ->
                    assertThat(why).contains("standby").contains("127.0.0.1:" + unreachable));
            assertThat(fixture.table()).as("a table to compare").isNotEmpty();
            assertThat(byProcess(DetectorFixture.json(table.body()))).isEqualTo(fixture.table());
            JsonNode status = DetectorFixture.json(HttpCalls.get(a.httpPort(), "/status").body());
            assertThat(status.get("StandbyTasks")).isNotEmpty();
            assertThat(status.get("ActiveTasks")).isNotEmpty();
            assertThat(status.get("Instances")).hasSize(2);
            assertThat(status.get("StandbyLag")).isNotEmpty()
                    .allSatisfy(standby -> assertThat(standby.get("LagRecords").asLong()).isLessThanOrEqualTo(1));
        }
    }

    private static Settings instance(DetectorFixture fixture, String name, int advertisedPort) {
        List<String> settings = new ArrayList<>(fixture.settingsFor(name));
        settings.add("kafka.application.server=127.0.0.1:" + advertisedPort);
        if (!name.equals("b")) {
            settings.add("http.port=" + advertisedPort);
        }
        return SettingsLoader.load(null, Map.of(), settings);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void awaitActiveAndStandbyOnBoth(DetectorService a, DetectorService b) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (!(running(a) && running(b) && tasks(a, false) > 0 && tasks(b, false) > 0 && tasks(a, true) > 0)) {
            assertThat(Instant.now()).as("both running, a with a standby").isBefore(deadline);
            Thread.sleep(200);
        }
    }

    /**
     * Every store copy on a, standbys included, has read its changelog to the end: under exactly-once the
     * end is one past the last record (the commit marker), so a lag of one offset is caught up.
     */
    private static void awaitStandbysCaughtUp(DetectorService a) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            Map<String, Map<Integer, LagInfo>> lags = a.streams().allLocalStorePartitionLags();
            boolean caughtUp = !lags.isEmpty() && lags.values().stream().flatMap(m -> m.values().stream())
                    .allMatch(lag -> lag.offsetLag() <= 1);
            if (caughtUp) {
                return;
            }
            assertThat(Instant.now()).as("standbys caught up: %s", lags).isBefore(deadline);
            Thread.sleep(250);
        }
    }

    private static boolean running(DetectorService service) {
        return service.state() == KafkaStreams.State.RUNNING;
    }

    private static long tasks(DetectorService service, boolean standby) {
        return service.streams().metadataForLocalThreads().stream()
                .mapToLong(t -> (standby ? t.standbyTasks() : t.activeTasks()).size()).sum();
    }

    private static Map<String, JsonNode> byProcess(JsonNode rows) {
        Map<String, JsonNode> map = new TreeMap<>();
        rows.forEach(row -> map.put(row.get("InitiatingProcessFileName").asText(), row));
        return map;
    }
}
