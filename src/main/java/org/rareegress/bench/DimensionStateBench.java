package org.rareegress.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.rareegress.config.Settings;
import org.rareegress.event.Timestamps;
import org.rareegress.runtime.DetectorService;
import org.rareegress.simulate.KafkaEventSink;
import org.rareegress.topology.Names;

/**
 * Row 6b: row 6's processes again, through a detector of its own with every refined dimension it can run
 * ({@code process-port}, {@code process-hash}; {@code process-asn} only when {@code geoip.asn-database} is set),
 * over an input topic of its own. The prevalent tenth also connects on {@code detector.max-values-per-process + 4}
 * more ports (one of them with a second binary), so their process-port state is cut to the cap, the worst case
 * the cap allows. Per process: its own record (all the seed keeps) and that record plus its dimensions' records
 * ({@code U+0001 dimension U+0001 process} in the same store).
 */
final class DimensionStateBench {
    private static final String INPUT = "rare-egress-bench-state-dimensions";
    private static final char DIMENSION_MARK = '\u0001';

    private DimensionStateBench() {
    }

    record Result(int processes, String dimensions, int maxValues, double ownMean, int ownP99, int ownMax,
                  double allMean, int allP99, int allMax, int prevalentAllMax, Measured time) {
    }

    static Result run(LiveBench.Result live, Function<List<String>, Settings> settingsWith, Path dir, int processes)
            throws Exception {
        boolean asn = live.settings().geoip().asnDatabase().isPresent();
        String dimensions = "process,process-port,process-hash" + (asn ? ",process-asn" : "");
        Settings settings = settingsWith.apply(List.of("kafka.bootstrap.servers=" + live.kafka().bootstrapServers(),
                "kafka.application.id=rare-egress-bench-dimensions", "kafka.state.dir=" + dir.resolve("state-dimensions"),
                // Its input ends after the feed: a partition quiet for two seconds stops holding the last minute
                // (detector.max-out-of-orderness) of events back, so every state is stored when it is read.
                "http.port=0", "http.probe-port=0", "topic.input=" + INPUT, "input.idle-timeout=PT2S", "detector.warmup=PT0S",
                "detector.dimensions=" + dimensions, LiveBench.STORMS_OFF, "detector.max-tracked-processes=1000000000"));
        int maxValues = settings.detector().maxValuesPerProcess();
        LiveBench.createTopics(settings);
        Measured.Start start = Measured.start();
        DetectorService detector = DetectorService.start(settings, Clock.systemUTC());
        try {
            feed(settings, processes, maxValues);
            LiveBench.awaitDrained(settings, detector);
            Measured time = start.stop();
            Map<String, int[]> sizes = sizesByProcess(detector);
            int[] own = sizes.values().stream().mapToInt(s -> s[0]).sorted().toArray();
            int[] all = sizes.values().stream().mapToInt(s -> s[0] + s[1]).sorted().toArray();
            int prevalentMax = sizes.entrySet().stream().filter(e -> isPrevalent(processOf(e.getKey())))
                    .mapToInt(e -> e.getValue()[0] + e.getValue()[1]).max().orElse(0);
            return new Result(own.length, dimensions, maxValues, Arrays.stream(own).average().orElse(0),
                    StateBench.percentile(own, 99), own.length == 0 ? 0 : own[own.length - 1],
                    Arrays.stream(all).average().orElse(0), StateBench.percentile(all, 99),
                    all.length == 0 ? 0 : all[all.length - 1], prevalentMax, time);
        } finally {
            detector.close();
        }
    }

    /** Row 6's events, then the prevalent tenth's extra ports, in event-time order. */
    private static void feed(Settings settings, int processes, int maxValues) throws Exception {
        Clock eventClock = Clock.offset(Clock.systemUTC(), Duration.between(Clock.systemUTC().instant(), BenchData.END));
        long base = Timestamps.toNanos(eventClock.instant());
        int extra = maxValues + 4;
        try (KafkaEventSink sink = KafkaEventSink.create(settings, settings.topics().input())) {
            for (int p = 0; p < processes; p++) {
                int devices = isPrevalent(p) ? 5 : 1 + p % 3;
                for (int d = 0; d < devices; d++) {
                    send(sink, StateBench.row(p, device(p, d), base + (p * 5L + d) * 1_000_000L), device(p, d));
                }
            }
            long after = base + processes * 5L * 1_000_000L;
            for (int p = 9; p < processes; p += 10) {
                for (int k = 0; k < extra; k++) {
                    // Ports other than the process's usual one; every fourth on a second build of the binary.
                    int port = 1024 + (p + 1 + k) % 40_000;
                    byte[] row = StateBench.row(p, device(p, k % 5), after + ((long) p * extra + k) * 1_000_000L, port,
                            k % 4 == 3 ? 1 : 0);
                    send(sink, row, device(p, k % 5));
                }
            }
            sink.flush();
        }
    }

    private static void send(KafkaEventSink sink, byte[] row, int device) throws Exception {
        sink.event(row, row.length, 0, StateBench.deviceId(device).getBytes(StandardCharsets.US_ASCII));
    }

    /** The d-th device of bench process p, as row 6 picks them. */
    private static int device(int p, int d) {
        return (p * 7 + d * 131) % 5_000;
    }

    private static boolean isPrevalent(int process) {
        return process % 10 == 9;
    }

    private static boolean isPrevalent(String process) {
        return isPrevalent(Integer.parseInt(process.substring("bench-state-".length(), process.length() - ".exe".length())));
    }

    /** Per bench process: bytes of its own record, and of its dimensions' records together. */
    private static Map<String, int[]> sizesByProcess(DetectorService detector) {
        ReadOnlyKeyValueStore<String, byte[]> store = detector.streams().store(StoreQueryParameters
                .fromNameAndType(Names.PROCESS_PREVALENCE_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore()));
        Map<String, int[]> sizes = new HashMap<>();
        try (var all = store.all()) {
            while (all.hasNext()) {
                var entry = all.next();
                String process = processOf(entry.key);
                if (process.startsWith("bench-state-")) {
                    sizes.computeIfAbsent(process, p -> new int[2])[entry.key.charAt(0) == DIMENSION_MARK ? 1 : 0]
                            += entry.value.length;
                }
            }
        }
        return sizes;
    }

    /** The process of a store key: the key itself, or what follows the dimension in a dimension's key. */
    private static String processOf(String key) {
        return key.charAt(0) == DIMENSION_MARK ? key.substring(key.indexOf(DIMENSION_MARK, 1) + 1) : key;
    }
}
