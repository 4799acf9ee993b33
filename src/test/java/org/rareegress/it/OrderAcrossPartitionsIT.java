package org.rareegress.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rareegress.reference.RandomFleet;
import org.rareegress.reference.RawEvent;
import org.rareegress.runtime.DetectorService;
import org.rareegress.event.Timestamps;
import org.rareegress.runtime.replay.ReplayCommand;
import picocli.CommandLine;

/**
 * One result for any partitioning (semantics version 2): a multi-week history loaded unkeyed into a
 * partitioned topic before the detector starts gives, alert for alert (ids, types, order per process),
 * what a backtest of the same events in one file gives, and the same table: with six partitions, with
 * twelve partitions and three instances one of which is killed with SIGKILL and restarted, and through
 * {@code replay}. Disorder within {@code D} inside each partition changes nothing; an event further
 * behind is processed and counted; a partition that never delivers stalls nothing beyond the idle timeout.
 */
@ExtendWith(KafkaBroker.class)
class OrderAcrossPartitionsIT {
    private static final Duration D = Duration.ofMinutes(10);
    /** A two-day window over three to five weeks of history: processes come, spread, leave and return. */
    private static final String[] SETTINGS = {"detector.window=P2D", "detector.threshold=5", "detector.warmup=PT12H",
        "alert.confirm-after=PT3H", "detector.max-out-of-orderness=" + D};
    private static final Duration PROCESSING = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    @Test
    void aHistoryInSixPartitionsGivesTheAlertsAndTableOfABacktestAndSoDoesItsReplay(TestKafka kafka) throws Exception {
        DetectorFixture fixture = new DetectorFixture(kafka, dir, 6, SETTINGS);
        List<String> lines = history(14, 6000);
        Fleets.Expected expected = Fleets.backtest(fixture.settings("backtest"), lines, dir);
        fixture.produce(Fleets.unkeyed(lines));

        try (DetectorService detector = DetectorService.start(fixture.settings("a"), Clock.systemUTC())) {
            fixture.awaitProcessed(PROCESSING, detector);
            assertThat(detector.metrics().outOfOrder()).as("disorder within D is never out of order").isZero();
        }

        assertInteresting(expected);
        assertThat(perProcess(fixture.alerts())).isEqualTo(perProcess(expected.alerts()));
        assertThat(fixture.table()).isEqualTo(expected.table());

        Path replayed = dir.resolve("replayed.jsonl");
        List<String> args = new ArrayList<>(List.of("--alerts", replayed.toString()));
        for (String setting : fixture.settingsFor("replay")) {
            args.add("--set");
            args.add(setting);
        }
        assertThat(new CommandLine(new ReplayCommand()).execute(args.toArray(String[]::new))).isZero();
        List<JsonNode> replayAlerts = Files.readAllLines(replayed).stream().map(DetectorFixture::alert).toList();
        assertThat(perProcess(replayAlerts)).as("replay").isEqualTo(perProcess(expected.alerts()));
    }

    @Test
    void twelvePartitionsAndThreeInstancesOneKilledMidwayGiveTheAlertsAndTableOfABacktest(TestKafka kafka) throws Exception {
        DetectorFixture fixture = new DetectorFixture(kafka, dir, 12, SETTINGS);
        List<String> lines = history(12, 6000);
        Fleets.Expected expected = Fleets.backtest(fixture.settings("backtest"), lines, dir);
        fixture.produce(Fleets.unkeyed(lines));

        List<Process> instances = new ArrayList<>();
        try {
            for (String name : List.of("a", "b", "c")) {
                instances.add(start(fixture, name));
            }
            awaitSomeCommitted(fixture, instances);
            instances.get(1).destroyForcibly().waitFor();
            instances.set(1, start(fixture, "b"));
            fixture.awaitProcessed(PROCESSING);
            awaitAlertsOf(fixture, expected);
        } finally {
            for (Process instance : instances) {
                instance.destroy();
                instance.waitFor();
            }
        }

        assertInteresting(expected);
        assertThat(perProcess(fixture.alerts())).isEqualTo(perProcess(expected.alerts()));
        assertThat(fixture.table()).isEqualTo(expected.table());
    }

    @Test
    void disorderWithinDInsideEachPartitionChangesNothingAndAnEventFurtherBehindIsProcessedAndCounted(TestKafka kafka)
            throws Exception {
        DetectorFixture fixture = new DetectorFixture(kafka, dir, 4, SETTINGS);
        List<RawEvent> events = Fleets.withinDisorder(new RandomFleet(13, Duration.ofDays(7)).events(3000), Duration.ZERO);
        Fleets.Expected expected = Fleets.backtest(fixture.settings("backtest"),
                events.stream().map(RawEvent::toJson).toList(), dir);
        kafka.produceToPartitions(fixture.input, shuffledWithin(events, D, 4, new Random(13)));
        // An hour before the newest kept event the table shows: behind the watermark by far more than D, yet
        // neither late (inside the window) nor moving stream time (not the newest kept event).
        long newestKeptShown = expected.table().values().stream()
                .mapToLong(row -> Timestamps.toNanos(java.time.Instant.parse(row.get("LastSeen").asText()))).max().orElseThrow();
        RawEvent straggler = RawEvent.kept(newestKeptShown - Duration.ofHours(1).toNanos(), "straggler.exe", "d-far");

        try (DetectorService detector = DetectorService.start(fixture.settings("a"), Clock.systemUTC())) {
            fixture.awaitProcessed(PROCESSING, detector);
            assertThat(detector.metrics().outOfOrder()).as("disorder within D is never out of order").isZero();
            assertThat(fixture.table()).as("before the straggler").isEqualTo(expected.table());

            // Once everything up to the end was processed, an event a day behind arrives on one partition.
            kafka.produceToPartitions(fixture.input, List.of(KeyValue.pair(2, straggler.toJson())));
            fixture.awaitProcessed(PROCESSING, detector);

            assertThat(detector.metrics().outOfOrder()).as("the event a day behind").isEqualTo(1);
            assertThat(detector.metrics().late()).isZero();
        }

        assertThat(fixture.table()).as("the straggler was processed, not lost").containsKey("straggler.exe");
        Map<String, JsonNode> table = new TreeMap<>(fixture.table());
        table.remove("straggler.exe");
        assertThat(table).isEqualTo(expected.table());
        List<JsonNode> alerts = new ArrayList<>(fixture.alerts());
        alerts.removeIf(alert -> alert.get("InitiatingProcessFileName").asText().equals("straggler.exe"));
        assertThat(perProcess(alerts)).isEqualTo(perProcess(expected.alerts()));
    }

    @Test
    void aPartitionThatNeverDeliversStallsNothingBeyondTheIdleTimeout(TestKafka kafka) throws Exception {
        DetectorFixture fixture = new DetectorFixture(kafka, dir, 4, "detector.warmup=PT0S", "detector.max-out-of-orderness=" + D);
        List<String> lines = history(14, 300);
        Fleets.Expected expected = Fleets.backtest(fixture.settings("backtest"), lines, dir);
        List<KeyValue<Integer, String>> onlyPartitionZero = new ArrayList<>();
        lines.forEach(line -> onlyPartitionZero.add(KeyValue.pair(0, line)));
        kafka.produceToPartitions(fixture.input, onlyPartitionZero);

        try (DetectorService detector = DetectorService.start(fixture.settings("a"), Clock.systemUTC())) {
            Await.until("alerts despite three silent partitions", Duration.ofMinutes(2), Duration.ofMillis(500),
                    () -> fixture.alerts().size() >= expected.alerts().size(),
                    () -> fixture.alerts().size() + " of " + expected.alerts().size() + " alerts");
            assertThat(detector.metrics().eventsHeld()).isZero();
        }

        assertThat(expected.alerts()).isNotEmpty();
        assertThat(perProcess(fixture.alerts())).isEqualTo(perProcess(expected.alerts()));
    }

    /** A multi-week fleet history (three to five weeks), its disorder within D. */
    private static List<String> history(long seed, int events) {
        return Fleets.linesWithinDisorder(seed, Duration.ofDays(7), events, D);
    }

    private static void assertInteresting(Fleets.Expected expected) {
        assertThat(expected.alerts()).extracting(a -> a.get("AlertType").asText())
                .as("every alert type").contains("NEW_RARE", "UPDATED", "NO_LONGER_RARE").hasSizeGreaterThan(20);
    }

    /**
     * After a kill -9 the killed instance's partitions wait for the group's session timeout, and its readers'
     * last confirmations hold the others until its replacement confirms again: the outputs can stand still
     * longer than {@link DetectorFixture#awaitProcessed} waits for them to settle. Waits (bounded) for the
     * backtest's alerts; the assertions after it say what differs if they never come.
     */
    private static void awaitAlertsOf(DetectorFixture fixture, Fleets.Expected expected) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        while (!perProcess(fixture.alerts()).equals(perProcess(expected.alerts())) && Instant.now().isBefore(deadline)) {
            Thread.sleep(2_000);
        }
    }

    /** Alerts by process, each process's in their order; ids included, source coordinates left out. */
    private static Map<String, List<JsonNode>> perProcess(List<JsonNode> alerts) {
        Map<String, List<JsonNode>> byProcess = new TreeMap<>();
        DetectorFixture.withoutSource(alerts).forEach(alert -> byProcess
                .computeIfAbsent(alert.get("InitiatingProcessFileName").asText(), k -> new ArrayList<>()).add(alert));
        return byProcess;
    }

    /**
     * Each event to a random partition; each partition's events then moved around by less than {@code bound} of
     * event time (a swap of neighbours is allowed only when they are that close).
     */
    private static List<KeyValue<Integer, String>> shuffledWithin(List<RawEvent> sorted, Duration bound, int partitions,
                                                                   Random random) {
        List<RawEvent> events = new ArrayList<>(sorted);
        for (int pass = 0; pass < 3; pass++) {
            for (int i = 1; i < events.size(); i++) {
                if (random.nextBoolean()
                        && events.get(i).timestampNanos() - events.get(i - 1).timestampNanos() < bound.toNanos() / 4) {
                    events.add(i - 1, events.remove(i));
                }
            }
        }
        List<KeyValue<Integer, String>> records = new ArrayList<>();
        events.forEach(event -> records.add(KeyValue.pair(random.nextInt(partitions), event.toJson())));
        return records;
    }

    private Process start(DetectorFixture fixture, String name) throws Exception {
        // Both ports picked here, neither left to the instance: another instance's probe port, bound to an
        // ephemeral port by its own JVM, once took the one picked for this instance before it could bind it.
        int port;
        int probePort;
        try (ServerSocket socket = new ServerSocket(0); ServerSocket probe = new ServerSocket(0)) {
            port = socket.getLocalPort();
            probePort = probe.getLocalPort();
        }
        List<String> settings = new ArrayList<>(fixture.settingsFor(name));
        settings.add("http.probe-port=" + probePort);
        settings.add("http.port=" + port);
        settings.add("kafka.application.server=127.0.0.1:" + port);
        return DetectorFixture.startRunProcess(settings, dir.resolve("run-" + name + "-" + System.nanoTime() + ".log"));
    }

    /** Waits until the application has committed part of its input, so that the kill lands mid-stream. */
    private static void awaitSomeCommitted(DetectorFixture fixture, List<Process> instances) throws Exception {
        try (Admin admin = fixture.kafka.admin()) {
            Await.until("the instances commit part of their input", Duration.ofMinutes(3), Duration.ofMillis(20), () -> {
                instances.forEach(instance -> assertThat(instance.isAlive()).as("instances running").isTrue());
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(fixture.applicationId).partitionsToOffsetAndMetadata().get();
                long inputCommitted = committed.entrySet().stream()
                        .filter(entry -> entry.getKey().topic().equals(fixture.input))
                        .mapToLong(entry -> entry.getValue().offset()).sum();
                return inputCommitted > 0;
            });
        }
    }
}
