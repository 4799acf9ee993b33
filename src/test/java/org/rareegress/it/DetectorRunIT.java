package org.rareegress.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rareegress.runtime.DetectorService;

/** {@code run} on a real broker: the same results as a backtest, dead letters, and the HTTP endpoints. */
@ExtendWith(KafkaBroker.class)
class DetectorRunIT {
    private static final Duration PROCESSING = Duration.ofMinutes(3);
    private static final String[] SETTINGS = {"detector.window=P1D", "detector.threshold=5", "detector.warmup=PT6H",
        "alert.confirm-after=PT1H", "filter.excluded-networks=100.0.0.0/16"};

    @TempDir
    Path dir;

    @Test
    void eventsFromAPlainProducerGiveTheAlertsAndTableOfABacktestOfTheSameEvents(TestKafka kafka) throws Exception {
        DetectorFixture fixture = new DetectorFixture(kafka, dir, 1, SETTINGS);
        List<String> lines = Fleets.lines(49, Duration.ofDays(1), 1500);
        Fleets.Expected expected = Fleets.backtest(fixture.settings("backtest"), lines, dir);

        fixture.produce(Fleets.unkeyed(lines));
        try (DetectorService detector = DetectorService.start(fixture.settings("a"), Clock.systemUTC())) {
            fixture.awaitProcessed(PROCESSING);
        }

        List<JsonNode> alerts = fixture.alerts();
        assertThat(expected.alerts()).extracting(a -> a.get("AlertType").asText())
                .as("an interesting fleet: every alert type, confirmations, expiry").hasSizeGreaterThan(30)
                .contains("NEW_RARE", "UPDATED", "NO_LONGER_RARE");
        assertThat(DetectorFixture.withoutSource(alerts)).isEqualTo(DetectorFixture.withoutSource(expected.alerts()));
        assertThat(fixture.table()).isEqualTo(expected.table());
        JsonNode source = alerts.get(0).get("Source");
        assertThat(source.get("Topic").asText()).isEqualTo(fixture.input);
        assertThat(lines.get(source.get("Offset").asInt())).contains(alerts.get(0).get("Trigger").get("Timestamp").asText()
                .substring(0, 19));
    }

    @Test
    void badRecordsLandOnTheDeadLetterTopicWithReasonAndCoordinatesWhileGoodRecordsFlow(TestKafka kafka) throws Exception {
        DetectorFixture fixture = new DetectorFixture(kafka, dir, 1, "detector.warmup=PT0S");
        String good = "{\"Timestamp\":\"2024-05-01T00:00:0%dZ\",\"DeviceId\":\"d%d\",\"ActionType\":\"ConnectionSuccess\","
                + "\"Protocol\":\"Tcp\",\"RemoteIPType\":\"Public\",\"RemoteIP\":\"8.8.8.8\",\"RemotePort\":4444,"
                + "\"InitiatingProcessFileName\":\"implant.exe\"}";
        fixture.produce(List.of(
                KeyValue.pair(null, String.format(good, 1, 1)),
                KeyValue.pair(null, "{\"Timestamp\": oops"),
                KeyValue.pair(null, String.format(good, 2, 2).replace("8.8.8.8", "8.8.8.888")),
                KeyValue.pair(null, String.format(good, 3, 3))));

        try (DetectorService detector = DetectorService.start(fixture.settings("a"), Clock.systemUTC())) {
            fixture.awaitProcessed(PROCESSING);
        }

        List<JsonNode> deadLetters = fixture.deadLetters();
        assertThat(deadLetters).extracting(d -> d.get("Source").get("Offset").asLong()).containsExactly(1L, 2L);
        assertThat(deadLetters).allSatisfy(d -> assertThat(d.get("Source").get("Topic").asText()).isEqualTo(fixture.input));
        assertThat(deadLetters.get(0).get("Reason").asText()).startsWith("malformed JSON");
        assertThat(deadLetters.get(1).get("Reason").asText()).contains("8.8.8.888");
        assertThat(fixture.alerts()).extracting(a -> a.get("Trigger").get("DeviceId").asText()).containsExactly("d1", "d3");
    }

    @Test
    void httpEndpointsServeHealthMetricsAndTheHuntTable(TestKafka kafka) throws Exception {
        DetectorFixture fixture = new DetectorFixture(kafka, dir, 2, SETTINGS);
        List<String> lines = Fleets.lines(43, Duration.ofDays(1), 600);
        fixture.produce(Fleets.unkeyed(lines));

        try (DetectorService detector = DetectorService.start(fixture.settings("a"), Clock.systemUTC())) {
            fixture.awaitProcessed(PROCESSING);
            String base = "http://127.0.0.1:" + detector.httpPort();

            assertThat(get(base + "/live").statusCode()).isEqualTo(200);
            assertThat(get(base + "/ready").statusCode()).isEqualTo(200);
            String metrics = get(base + "/metrics").body();
            assertThat(metrics).contains("rare_egress_events_read_total " + lines.size() + ".0", "rare_egress_alerts_total{type=\"NEW_RARE\"}",
                    "rare_egress_events_dropped_total{reason=\"excluded-port\"}", "rare_egress_tracked_processes",
                    "kafka_stream_thread_", "rare_egress_events_held 0.0", "rare_egress_sources_idle 2.0",
                    "rare_egress_sources_unreported 0.0", "rare_egress_events_out_of_order_total", "rare_egress_watermark_seconds");
            JsonNode status = DetectorFixture.json(get(base + "/status").body());
            assertThat(status.get("State").asText()).isEqualTo("RUNNING");
            assertThat(status.get("SemanticsVersion").asInt()).isEqualTo(2);
            assertThat(status.get("EventsHeld").asLong()).isZero();
            assertThat(status.get("Tasks")).hasSize(2).allSatisfy(task -> {
                assertThat(task.get("SourcesIdle").asInt()).as("both partitions quiet").isEqualTo(2);
                assertThat(task.get("SourcesNotReported").asInt()).isZero();
            });
            assertThat(status.get("WarmupOver").asBoolean()).as("a day of history, six hours of warm-up").isTrue();
            assertThat(status.get("WarmupRemaining").asText()).isEqualTo("PT0S");
            assertThat(Instant.parse(status.get("Watermark").asText()))
                    .as("every partition idle: past the newest kept event, not past the newest event read")
                    .isAfter(Instant.parse(status.get("StreamTime").asText()))
                    .isBeforeOrEqualTo(Instant.parse(status.get("NewestEventTime").asText()).plusNanos(1));
            JsonNode table = DetectorFixture.rows(get(base + "/rare-processes").body());
            assertThat(table).hasSize(fixture.table().size());
            table.forEach(row -> assertThat(row).isEqualTo(fixture.table().get(row.get("InitiatingProcessFileName").asText())));
        }
    }

    private static HttpResponse<String> get(String uri) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(uri)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
