package org.rareegress.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rareegress.config.Settings;
import org.rareegress.config.SettingsLoader;
import org.rareegress.reference.RandomFleet;
import org.rareegress.reference.RawEvent;
import org.rareegress.runtime.DetectorService;

/**
 * Scale-out: two instances share the partitions, serve the whole hunt table from either one, and when
 * one stops the other takes its work over; every process's alerts are still exactly those of a
 * backtest. The fleet's disorder (up to 5 minutes) is within {@code detector.max-out-of-orderness}.
 */
@ExtendWith(KafkaBroker.class)
class TwoInstancesIT {
    private static final String[] SETTINGS = {"detector.window=P365D", "detector.threshold=5", "detector.warmup=PT0S",
        "detector.max-out-of-orderness=PT10M"};

    @TempDir
    Path dir;

    @Test
    void twoInstancesShareThePartitionsAndTheSurvivorTakesOverWithUnchangedResults(TestKafka kafka) throws Exception {
        DetectorFixture fixture = new DetectorFixture(kafka, dir, 4, SETTINGS);
        List<RawEvent> events = Fleets.withinDisorder(new RandomFleet(7, Duration.ofDays(1)).events(3000), Duration.ofMinutes(10));
        List<String> lines = events.stream().map(RawEvent::toJson).toList();
        Fleets.Expected expected = Fleets.backtest(fixture.settings("backtest"), lines, dir);
        // Two phases split by event time, each in the fleet's own order: between them the input goes quiet
        // (every partition idle, everything held processed), so the second phase must not reach back.
        long middle = events.get(events.size() / 2).timestampNanos();
        List<KeyValue<String, String>> keyed = new ArrayList<>();
        events.stream().filter(e -> e.timestampNanos() < middle).forEach(e -> keyed.add(keyed(e)));
        int half = keyed.size();
        events.stream().filter(e -> e.timestampNanos() >= middle).forEach(e -> keyed.add(keyed(e)));

        try (DetectorService a = DetectorService.start(instance(fixture, "a"), Clock.systemUTC())) {
            DetectorService b = DetectorService.start(instance(fixture, "b"), Clock.systemUTC());
            awaitBothRunning(a, b);
            fixture.produce(keyed.subList(0, half));
            fixture.awaitProcessed(Duration.ofMinutes(3));

            assertThat(taskCount(a)).as("instance a has work").isPositive();
            assertThat(taskCount(b)).as("instance b has work").isPositive();
            JsonNode fromA = DetectorFixture.rows(get(a, "/rare-processes"));
            assertThat(byProcess(fromA)).as("the table from a includes b's rows").isEqualTo(fixture.table());

            b.close();
            fixture.produce(keyed.subList(half, keyed.size()));
            fixture.awaitProcessed(Duration.ofMinutes(3));
        }

        assertThat(perProcess(DetectorFixture.withoutSource(fixture.alerts())))
                .isEqualTo(perProcess(DetectorFixture.withoutSource(expected.alerts())));
        assertThat(fixture.table()).isEqualTo(expected.table());
    }

    @Test
    void withoutApplicationServerAnInstanceRefusesToServeAPartialTable(TestKafka kafka) throws Exception {
        DetectorFixture fixture = new DetectorFixture(kafka, dir, 4, SETTINGS);
        fixture.produce(Fleets.unkeyed(Fleets.lines(3, Duration.ofDays(1), 200)));

        try (DetectorService a = DetectorService.start(fixture.settings("a"), Clock.systemUTC());
             DetectorService b = DetectorService.start(fixture.settings("b"), Clock.systemUTC())) {
            awaitBothRunning(a, b);
            fixture.awaitProcessed(Duration.ofMinutes(3));

            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + a.httpPort() + "/rare-processes")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).contains("kafka.application.server");
        }
    }

    private static KeyValue<String, String> keyed(RawEvent event) {
        return KeyValue.pair(event.processFileName().toLowerCase(Locale.ROOT), event.toJson());
    }

    private Settings instance(DetectorFixture fixture, String name) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> settings = new ArrayList<>(fixture.settingsFor(name));
        settings.add("http.port=" + port);
        settings.add("kafka.application.server=127.0.0.1:" + port);
        return SettingsLoader.load(null, Map.of(), settings);
    }

    private static void awaitBothRunning(DetectorService a, DetectorService b) throws Exception {
        Await.until("both instances running with tasks", Duration.ofMinutes(2), Duration.ofMillis(200),
                () -> a.state() == KafkaStreams.State.RUNNING && b.state() == KafkaStreams.State.RUNNING
                        && taskCount(a) > 0 && taskCount(b) > 0,
                () -> a.state() + " with " + taskCount(a) + " tasks, " + b.state() + " with " + taskCount(b));
    }

    private static long taskCount(DetectorService service) {
        return service.streams().metadataForLocalThreads().stream().mapToLong(t -> t.activeTasks().size()).sum();
    }

    private static Map<String, List<JsonNode>> perProcess(List<JsonNode> alerts) {
        Map<String, List<JsonNode>> byProcess = new TreeMap<>();
        alerts.forEach(a -> byProcess.computeIfAbsent(a.get("InitiatingProcessFileName").asText(), k -> new ArrayList<>()).add(a));
        return byProcess;
    }

    private static Map<String, JsonNode> byProcess(JsonNode rows) {
        Map<String, JsonNode> map = new TreeMap<>();
        rows.forEach(row -> map.put(row.get("InitiatingProcessFileName").asText(), row));
        return map;
    }

    private static String get(DetectorService service, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + service.httpPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
