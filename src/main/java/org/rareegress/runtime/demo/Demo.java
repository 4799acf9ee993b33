package org.rareegress.runtime.demo;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.rareegress.config.ConfigOptions;
import org.rareegress.config.Settings;
import org.rareegress.detect.Dimension;
import org.rareegress.detect.HuntRow;
import org.rareegress.kafka.KafkaClients;
import org.rareegress.runtime.DetectorService;
import org.rareegress.runtime.OrderDrained;
import org.rareegress.runtime.ProcessingProgress;
import org.rareegress.runtime.topics.TopicDefinition;
import org.rareegress.runtime.topics.TopicDefinitions;
import org.rareegress.runtime.topics.TopicSync;
import org.rareegress.simulate.FleetSimulator;
import org.rareegress.simulate.FleetSpec;
import org.rareegress.simulate.KafkaEventSink;
import org.rareegress.simulate.PlantedTool;

/**
 * The steps of {@code demo}: a local broker, the topics, the detector ({@code run}'s own service), a
 * simulated fleet streamed into the input topic, alerts printed as an analyst's subscription sees them.
 */
final class Demo implements AutoCloseable {
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(3);

    private final ConfigOptions config;
    private final Path workDir;
    private final PrintStream out;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private LocalKafka kafka;
    private Settings settings;
    private DetectorService detector;
    private AlertTail alerts;
    private FleetSimulator simulator;

    Demo(ConfigOptions config, Path workDir, PrintStream out) {
        this.config = config;
        this.workDir = workDir;
        this.out = out;
    }

    void start() {
        out.println("rare-egress demo: starting a local Kafka broker...");
        kafka = LocalKafka.start(workDir.resolve("kafka"), 0);
        // The history arrives in seconds and then stops: a quiet partition stops holding the watermark back
        // after two seconds instead of a minute, so the last events are processed before the table is shown.
        settings = config.load(List.of("http.port=0", "http.probe-port=0", "kafka.application.id=rare-egress-demo",
                "input.idle-timeout=PT2S"), List.of(
                "kafka.bootstrap.servers=" + kafka.bootstrapServers(),
                "kafka.state.dir=" + workDir.resolve("state")));
        createTopics();
        detector = DetectorService.start(settings, Clock.systemUTC());
        alerts = new AlertTail(KafkaClients.consumer(settings), settings.topics().alerts(),
                alert -> out.println("  ALERT " + ConsoleFormat.alert(alert)));
        out.printf("  Kafka at %s; the web view at http://127.0.0.1:%d/ (live table, alerts and status; also"
                + " /rare-processes, /status, /metrics)%n", kafka.bootstrapServers(), detector.httpPort());
        out.printf("  detector: window %s, threshold %d, warm-up %s (alerts start once the stream is that old)%n",
                settings.detector().window(), settings.detector().threshold(), settings.detector().warmup());
    }

    void streamHistory(FleetSpec requested) throws Exception {
        // The dimension cases are planted only when a refined dimension is on to see them: the seed's demo stays
        // the fleet it always was.
        FleetSpec fleet = requested.withDimensionCases(refinedDimensionsOn());
        simulator = new FleetSimulator(fleet);
        if (fleet.dimensionCases()) {
            out.println("  dimensions " + dimensionKeys() + ": the fleet also runs powershell.exe, OneDrive.exe, game.exe"
                    + " and Teams.exe on every device (never rare); late in the history look for a process-port alert"
                    + " (powershell.exe to 4444, a reverse shell) and a process-hash alert (an OneDrive.exe no other"
                    + " device runs, a masquerade); game.exe's random ports and the Teams roll-out should stay silent"
                    + " (the roll-out only with alert.confirm-after.process-hash, e.g. PT6H)");
        }
        out.printf(Locale.ROOT, "Streaming %,d events of %d devices over %d days (%s to %s) into %s...%n",
                simulator.totalEvents(), fleet.devices(), fleet.days(), fleet.start(), fleet.end(), settings.topics().input());
        long[] produced = {0};
        Instant[] nextProgress = {Instant.now().plus(PROGRESS_EVERY)};
        try (KafkaEventSink sink = KafkaEventSink.create(settings, settings.topics().input())) {
            simulator.generate((row, length, ticks, deviceId) -> {
                stopIfAsked();
                sink.event(row, length, ticks, deviceId);
                produced[0]++;
                if (Instant.now().isAfter(nextProgress[0])) {
                    progress(produced[0]);
                    nextProgress[0] = Instant.now().plus(PROGRESS_EVERY);
                }
            });
            sink.flush();
        }
        progress(produced[0]);
    }

    void awaitProcessed(Duration timeout) throws Exception {
        try (Admin admin = Admin.create(KafkaClients.admin(settings))) {
            Map<TopicPartition, Long> end = ProcessingProgress.endOffsetsOf(admin, settings.topics().input());
            ProcessingProgress progress = ProcessingProgress.of(admin, settings.applicationId(), end);
            Instant deadline = Instant.now().plus(timeout);
            // Every stateful task runs here: done once each has heard every partition go quiet and holds
            // nothing, and the committed offsets then cover what that released.
            while (!(OrderDrained.everySourceEnded(detector.metrics(), end.size()) && progress.done())) {
                stopIfAsked();
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("the detector did not catch up within " + timeout);
                }
                if (!detector.isAlive()) {
                    throw new IllegalStateException("the detector stopped: " + detector.state());
                }
                Thread.sleep(PROGRESS_EVERY.toMillis());
                progress(simulator.totalEvents());
            }
        }
        alerts.awaitCaughtUp(Duration.ofSeconds(30));
    }

    void printTable() throws Exception {
        List<HuntRow> table = detector.huntTable();
        out.printf(Locale.ROOT, "%nDone: %,d events processed, %,d kept, %,d alerts. The hunt table now (%d rare processes):%n",
                detector.metrics().eventsRead(), detector.metrics().kept(), alerts.seen(), table.size());
        out.print(ConsoleFormat.table(table));
        Map<String, PlantedTool.Expect> planted = new LinkedHashMap<>();
        List<String> dimensionCases = new ArrayList<>();
        for (PlantedTool tool : simulator.truth()) {
            if (tool.dimension() != null) {
                dimensionCases.add(tool.tool() + " (" + tool.process() + "): " + tool.expect() + " in " + tool.dimension());
            } else if (tool.expect() != PlantedTool.Expect.PREVALENT) {
                planted.put(tool.process(), tool.expect());
            }
        }
        out.println("The simulator planted: " + planted);
        if (!dimensionCases.isEmpty()) {
            out.println("And the dimension cases: " + String.join("; ", dimensionCases)
                    + " (rows of each dimension: /rare-processes?dimension=process-port, ...)");
        }
    }

    private boolean refinedDimensionsOn() {
        return settings.detector().dimensions().stream().anyMatch(dimension -> dimension != Dimension.PROCESS);
    }

    private String dimensionKeys() {
        return settings.detector().dimensions().stream().map(Dimension::key).collect(Collectors.joining(","));
    }

    void followLive(FleetSpec fleet, double rate) throws Exception {
        out.printf(Locale.ROOT, "%nFollowing live at %.0f events/s; alerts keep appearing here. Ctrl-C to stop.%n", rate);
        try (KafkaEventSink sink = KafkaEventSink.create(settings, settings.topics().input())) {
            simulator.live(sink, rate, Clock.systemUTC(), stopping::get);
        }
    }

    /** Asks every phase to end soon (Ctrl-C); {@link #close()} still runs on the main thread. */
    void requestStop() {
        stopping.set(true);
    }

    /** Thrown out of a phase that was asked to stop. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped", null, false, false);
        }
    }

    private void stopIfAsked() {
        if (stopping.get()) {
            throw new Stopped();
        }
    }

    private void progress(long produced) {
        out.printf(Locale.ROOT, "  streamed %,d / %,d events; detector read %,d, kept %,d; %,d alerts so far%n",
                produced, simulator.totalEvents(), detector.metrics().eventsRead(), detector.metrics().kept(), alerts.seen());
    }

    /**
     * The built-in topics on one broker, as shipped: the input has six partitions. The demo streams 40 days
     * of history in seconds, unkeyed, through all six; event-time order makes every run show the same alerts.
     */
    private void createTopics() {
        Map<String, TopicDefinition> wanted = new LinkedHashMap<>();
        for (TopicDefinition definition : TopicDefinitions.builtIn()) {
            wanted.put(definition.role().topicName(settings.topics()), definition.withReplicationFactor((short) 1));
        }
        try (Admin admin = Admin.create(KafkaClients.admin(settings))) {
            new TopicSync(admin, Duration.ofSeconds(60)).sync(wanted);
        }
    }

    /** Clients first, the broker last: a broker stopped under a committing client would stall it. */
    @Override
    public void close() throws Exception {
        if (alerts != null) {
            alerts.close();
        }
        if (detector != null) {
            detector.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }
}
