package org.rareegress.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.rareegress.config.Settings;
import org.rareegress.event.Timestamps;
import org.rareegress.kafka.KafkaClients;
import org.rareegress.simulate.FleetSimulator;
import org.rareegress.simulate.KafkaEventSink;

/**
 * Row 5: end-to-end latency on the detector row 4 left running. The fleet keeps producing live events at
 * a fixed rate while probe events, each of a process never seen before (so each raises a NEW_RARE), go
 * in ten times a second; the latency of a probe is from just before its send to the moment its alert
 * is read from the alert topic by a read_committed consumer, i.e. once its transaction committed.
 * Event times continue from the end of the history, so the detector's clock moves as it would live.
 */
final class LatencyBench {
    private static final int PROBES_PER_SECOND = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private LatencyBench() {
    }

    record Result(double rate, long count, long p50Millis, long p99Millis, long maxMillis, Measured time,
                  String settingsShown) {
    }

    /**
     * @param settings the detector's settings (its topics, its {@code detector.max-out-of-orderness})
     * @param probeTag in the probes' process names, so that alerts of another run's probes are never matched
     */
    static Result run(BenchData data, Settings settings, String probeTag, double rate, int seconds)
            throws Exception {
        Clock eventClock = Clock.offset(Clock.systemUTC(), Duration.between(Clock.systemUTC().instant(), BenchData.END));
        Map<String, Long> sent = new ConcurrentHashMap<>();
        // Recorded by the alerts thread while this one polls its count.
        Histogram histogram = new ConcurrentHistogram(3_600_000L, 3);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread alerts = new Thread(() -> readAlerts(settings, sent, histogram, stop, failure), "bench-alerts");
        Thread background = new Thread(() -> {
            try (KafkaEventSink sink = KafkaEventSink.create(settings, settings.topics().input())) {
                new FleetSimulator(data.spec()).live(data.columns().project(sink), rate, eventClock, stop::get);
            } catch (Exception e) {
                failure.compareAndSet(null, e);
            }
        }, "bench-live-feed");
        alerts.start();
        int probes = seconds * PROBES_PER_SECOND;
        Measured.Start start;
        try {
            Thread.sleep(2_000);
            start = Measured.start();
            background.start();
            try (KafkaEventSink probeSink = KafkaEventSink.create(settings, settings.topics().input())) {
                sendProbes(probeSink, eventClock, sent, probes, probeTag, failure);
                // An alert waits for the watermark: every partition must read D past its probe. The live feed
                // sees to that on the partitions its devices hash to; the probes' own partition may have no
                // device of a small fleet, so it gets an event the filter drops every tenth of a second.
                long deadline = System.nanoTime() + Duration.ofSeconds(15).plus(settings.detector().maxOutOfOrderness()).toNanos();
                while (histogram.getTotalCount() < probes && System.nanoTime() < deadline && failure.get() == null) {
                    send(probeSink, probe("bench-probe-tick.exe", Timestamps.toNanos(eventClock.instant()), "Udp"));
                    probeSink.flush();
                    Thread.sleep(100);
                }
            }
        } finally {
            // Whatever happened, the feed and the reader stop before the detector and broker are closed.
            stop.set(true);
            if (background.isAlive()) {
                background.join();
            }
            alerts.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return new Result(rate, histogram.getTotalCount(), histogram.getValueAtPercentile(50),
                histogram.getValueAtPercentile(99), histogram.getMaxValue(), start.stop(), shown(settings, probes));
    }

    private static void sendProbes(KafkaEventSink probeSink, Clock eventClock, Map<String, Long> sent, int probes,
                                   String tag, AtomicReference<Exception> failure) throws InterruptedException {
        long next = System.nanoTime();
        for (int i = 0; i < probes && failure.get() == null; i++) {
            String process = String.format("bench-probe-%s-%06d.exe", tag, i);
            byte[] row = probe(process, Timestamps.toNanos(eventClock.instant()), "Tcp");
            sent.put(process.toLowerCase(java.util.Locale.ROOT), System.nanoTime());
            send(probeSink, row);
            next += 1_000_000_000L / PROBES_PER_SECOND;
            Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
        }
        probeSink.flush();
    }

    private static void send(KafkaEventSink probeSink, byte[] row) {
        probeSink.event(row, row.length, 0, "bench-probe".getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] probe(String process, long nanos, String protocol) {
        String row = "{\"Timestamp\":\"" + Timestamps.format(nanos) + "\",\"DeviceId\":\"be0c4a5e00000000000000000000000000000001\","
                + "\"DeviceName\":\"bench-probe.corp.contoso.com\",\"ActionType\":\"ConnectionSuccess\","
                + "\"RemoteIP\":\"198.51.100.7\",\"RemotePort\":4444,\"RemoteUrl\":\"\",\"Protocol\":\"" + protocol + "\","
                + "\"RemoteIPType\":\"Public\",\"InitiatingProcessFileName\":\"" + process + "\","
                + "\"InitiatingProcessMD5\":\"0123456789abcdef0123456789abcdef\",\"InitiatingProcessCommandLine\":\""
                + process + " --beacon\"}";
        return row.getBytes(StandardCharsets.UTF_8);
    }

    private static void readAlerts(Settings settings, Map<String, Long> sent, Histogram histogram, AtomicBoolean stop,
                                   AtomicReference<Exception> failure) {
        Properties properties = KafkaClients.consumer(settings);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(settings.topics().alerts()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            while (!stop.get()) {
                for (var record : consumer.poll(Duration.ofMillis(20))) {
                    long now = System.nanoTime();
                    JsonNode alert = JSON.readTree(record.value());
                    Long at = sent.remove(alert.path("InitiatingProcessFileName").asText());
                    if (at != null && "NEW_RARE".equals(alert.path("AlertType").asText())) {
                        histogram.recordValue(Math.max(0, (now - at) / 1_000_000));
                    }
                }
            }
        } catch (Exception e) {
            failure.compareAndSet(null, e);
        }
    }

    private static String shown(Settings settings, int probes) {
        Map<String, String> kafka = settings.kafka();
        String guarantee = kafka.getOrDefault(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        boolean exactlyOnce = !StreamsConfig.AT_LEAST_ONCE.equals(guarantee);
        return String.format("%d probes, %s, commit.interval.ms=%s, statestore.cache.max.bytes=%s (the Kafka Streams "
                        + "defaults unless set with --set kafka.*), probe producer linger.ms=20", probes, guarantee,
                kafka.getOrDefault(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, exactlyOnce ? "100" : "30000"),
                kafka.getOrDefault(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "10485760"));
    }
}
