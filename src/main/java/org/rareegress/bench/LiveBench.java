package org.rareegress.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.rareegress.config.Settings;
import org.rareegress.kafka.KafkaClients;
import org.rareegress.runtime.DetectorService;
import org.rareegress.runtime.OrderDrained;
import org.rareegress.runtime.ProcessingProgress;
import org.rareegress.runtime.demo.LocalKafka;
import org.rareegress.runtime.topics.TopicDefinition;
import org.rareegress.runtime.topics.TopicDefinitions;
import org.rareegress.runtime.topics.TopicSync;
import org.rareegress.simulate.FleetSimulator;
import org.rareegress.simulate.KafkaEventSink;

/**
 * Row 4: the same events on the local KRaft broker ({@link LocalKafka}), read once by a plain consumer
 * doing nothing, then processed to the end by {@code run}'s own {@link DetectorService} with the
 * configured guarantee (exactly-once by default). The broker and the detector stay up for row 5.
 */
final class LiveBench {
    private static final Duration POLL = Duration.ofMillis(200);
    /** Far beyond any step of a default run on a slow machine: a wait this long means something is broken. */
    private static final Duration STALLED = Duration.ofMinutes(15);

    /** Alert-storm protection off for both detectors: rows 5 and 6 flood them with new processes on purpose (see {@link #run}). */
    static final String STORMS_OFF = "alert.storm-threshold=0";

    private LiveBench() {
    }

    /**
     * The running broker and the two detectors (row 4b's with the configured settings, row 4c's with
     * {@code detector.max-out-of-orderness=PT0S}, kept for row 5a), and the timings; {@link #close()} stops them.
     */
    record Result(LocalKafka kafka, Settings settings, DetectorService detector, Settings warmSettings,
                  DetectorService warmDetector, Measured consumer, Measured run, Measured warmRun, long events,
                  int partitions) implements AutoCloseable {
        double consumerRate() {
            return events / consumer.wallSeconds();
        }

        double runRate() {
            return events / run.wallSeconds();
        }

        @Override
        public void close() {
            warmDetector.close();
            detector.close();
            kafka.close();
        }
    }

    static Result run(BenchData data, Function<List<String>, Settings> settingsWith, Path dir, PrintWriter progress)
            throws Exception {
        LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"), 0);
        Settings settings = settingsWith.apply(runSettings(kafka, "rare-egress-bench", dir.resolve("state")));
        DetectorService detector = null;
        DetectorService warm = null;
        try {
            createTopics(settings);
            progress.println("   producing the events to " + settings.topics().input() + "...");
            try (KafkaEventSink sink = KafkaEventSink.create(settings, settings.topics().input())) {
                new FleetSimulator(data.spec()).generate(data.columns().project(sink));
                sink.flush();
            }
            Measured consumer = consumeAll(settings, data.events());
            progress.println("   run...");
            Measured.Start start = Measured.start();
            detector = DetectorService.start(settings, Clock.systemUTC());
            int partitions = awaitProcessed(settings, detector);
            Measured run = start.stop();
            progress.println("   run again, as a second application with its own state, the JIT now warm...");
            // With no disorder allowed (the lowest latency, row 5a); it stays up for that row.
            Settings second = settingsWith.apply(List.of("kafka.bootstrap.servers=" + kafka.bootstrapServers(),
                    "kafka.application.id=rare-egress-bench-warm", "kafka.state.dir=" + dir.resolve("state-warm"),
                    "http.port=0", "http.probe-port=0", "detector.warmup=PT0S", "detector.max-out-of-orderness=PT0S",
                    STORMS_OFF));
            Measured.Start warmStart = Measured.start();
            warm = DetectorService.start(second, Clock.systemUTC());
            awaitProcessed(second, warm);
            Measured warmRun = warmStart.stop();
            return new Result(kafka, settings, detector, second, warm, consumer, run, warmRun, data.events(), partitions);
        } catch (Exception | Error e) {
            // The caller only gets a Result to close when this succeeds: stop what was started.
            if (warm != null) {
                warm.close();
            }
            if (detector != null) {
                detector.close();
            }
            kafka.close();
            throw e;
        }
    }

    /** One warm pass: the plain consumer again, then a fresh application's start-up and its processing. */
    record WarmPass(Measured consumer, Measured startUp, Measured processing) {
    }

    /**
     * Rows 4aw and 4w: {@code count} more passes on the broker of {@code live}, each the plain consumer again and
     * then {@code run} as a new application (its own id and state, row 4b's settings) timed in two parts, start
     * to Kafka Streams' RUNNING and RUNNING to its committed offsets covering the input. The JIT has compiled
     * more of the broker's, the clients' and the detector's code at each pass: the last is what a detector that
     * has been up a while processes at, with its start-up (paid once a deployment) apart. Each is closed after.
     */
    static List<WarmPass> warmPasses(Result live, Function<List<String>, Settings> settingsWith, Path dir, int count,
                                     PrintWriter progress) throws Exception {
        List<WarmPass> passes = new ArrayList<>();
        for (int pass = 1; pass <= count; pass++) {
            progress.printf("   warm pass %d of %d: plain consumer, then run as an application of its own...%n", pass,
                    count);
            Measured consumer = consumeAll(live.settings(), live.events());
            Settings settings = settingsWith.apply(runSettings(live.kafka(), "rare-egress-bench-pass-" + pass,
                    dir.resolve("state-pass-" + pass)));
            Measured.Start start = Measured.start();
            try (DetectorService detector = DetectorService.start(settings, Clock.systemUTC())) {
                long deadline = System.nanoTime() + STALLED.toNanos();
                while (detector.state() != KafkaStreams.State.RUNNING) {
                    if (!detector.isAlive() || System.nanoTime() > deadline) {
                        throw new IllegalStateException("the detector of warm pass " + pass + " did not start within "
                                + STALLED + ": " + detector.state());
                    }
                    Thread.sleep(5);
                }
                Measured startUp = start.stop();
                Measured.Start processing = Measured.start();
                awaitProcessed(settings, detector);
                passes.add(new WarmPass(consumer, startUp, processing.stop()));
            }
        }
        return passes;
    }

    /** Row 4b's settings (the configured ones, for a detector of its own): also those of the warm passes. */
    private static List<String> runSettings(LocalKafka kafka, String applicationId, Path stateDir) {
        return List.of("kafka.bootstrap.servers=" + kafka.bootstrapServers(),
                "kafka.application.id=" + applicationId, "kafka.state.dir=" + stateDir, "http.port=0",
                "http.probe-port=0",
                // Warm-up is per task: a task whose partitions carried no candidate in the history would hold
                // row 5's probe alerts for a whole window. No warm-up, so every probe alerts on every task.
                "detector.warmup=PT0S",
                // Row 6 measures state once its events are processed, and the last minute of them is held for
                // order until the input goes quiet for this long (rows 4 and 5 never let it go quiet).
                "input.idle-timeout=PT2S",
                // Rows 5 and 6 are floods of new processes by design: 10 probes a second, each to raise its
                // NEW_RARE (past alert.storm-threshold's 200 per 10 minutes of a task once --latency-seconds
                // exceeds about two minutes), and row 6's 100,000 names within minutes of event time, whose
                // states would be stored suppressed, not alerted. Storm protection off (0), and no bound that
                // --state-processes could reach (the most a task may be given), so each row measures what it says.
                STORMS_OFF, "detector.max-tracked-processes=1000000000");
    }

    /**
     * Waits until the application's committed offsets cover the input and its repartition topic; the
     * partition count. Fails when the detector stops or nothing is committed for {@link #STALLED}.
     */
    static int awaitProcessed(Settings settings, DetectorService detector) throws Exception {
        try (Admin admin = Admin.create(KafkaClients.admin(settings))) {
            Map<TopicPartition, Long> end = ProcessingProgress.endOffsetsOf(admin, settings.topics().input());
            ProcessingProgress done = ProcessingProgress.of(admin, settings.applicationId(), end);
            long deadline = System.nanoTime() + STALLED.toNanos();
            while (!done.done()) {
                if (!detector.isAlive()) {
                    throw new IllegalStateException("the detector stopped: " + detector.state());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the detector did not process the input within " + STALLED);
                }
                Thread.sleep(100);
            }
            return end.size();
        }
    }

    /**
     * Until every task has processed all it read (nothing held for order: every partition idle, which takes
     * {@code input.idle-timeout} of quiet) and committed it.
     */
    static void awaitDrained(Settings settings, DetectorService detector) throws Exception {
        int partitions = awaitProcessed(settings, detector);
        long deadline = System.nanoTime() + STALLED.toNanos();
        while (!OrderDrained.everySourceEnded(detector.metrics(), partitions)) {
            if (!detector.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the detector did not process its input within " + STALLED + ": "
                        + detector.state());
            }
            Thread.sleep(100);
        }
        awaitProcessed(settings, detector);
    }

    /** A consumer that reads every record of the input topic and does nothing with it. */
    private static Measured consumeAll(Settings settings, long expected) {
        Properties properties = KafkaClients.consumer(settings);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "rare-egress-bench-plain-consumer");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Measured.Start start = Measured.start();
        long count = 0;
        long bytes = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(settings.topics().input()));
            long deadline = System.nanoTime() + STALLED.toNanos();
            while (count < expected) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the plain consumer read " + count + " of " + expected + " records within " + STALLED);
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                for (var record : records) {
                    bytes += record.value().length;
                }
                count += records.count();
            }
        }
        if (bytes == 0) {
            throw new IllegalStateException("the plain consumer read no bytes");
        }
        return start.stop();
    }

    static void createTopics(Settings settings) {
        Map<String, TopicDefinition> wanted = new LinkedHashMap<>();
        for (TopicDefinition definition : TopicDefinitions.builtIn()) {
            wanted.put(definition.role().topicName(settings.topics()), definition.withReplicationFactor((short) 1));
        }
        try (Admin admin = Admin.create(KafkaClients.admin(settings))) {
            new TopicSync(admin, Duration.ofSeconds(60)).sync(wanted);
        }
    }
}
