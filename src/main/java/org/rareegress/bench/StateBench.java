package org.rareegress.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.rareegress.codec.ProcessStateCodec;
import org.rareegress.config.Settings;
import org.rareegress.detect.ProcessState;
import org.rareegress.event.Timestamps;
import org.rareegress.kafka.KafkaClients;
import org.rareegress.runtime.ProcessingProgress;
import org.rareegress.simulate.KafkaEventSink;
import org.rareegress.topology.Names;

/**
 * Row 6: the detector row 4 left running is fed events of {@code processes} new distinct processes (nine
 * in ten on one to three devices, rare; one in ten on five devices, prevalent), each with a hash, a
 * port, remote IPs and a command line, then its RocksDB process store is read back through interactive
 * queries: the serialized size of each state, with and without its evidence sets, the store's size on
 * disk, and how much the heap grew (after GC) while holding them.
 */
final class StateBench {
    private static final String DOMAIN = ".corp.contoso.com";

    private StateBench() {
    }

    record Result(int processes, double mean, int p99, int max, double coreMean, int coreP99, int coreMax,
                  long rocksDbBytes, long heapBytes, Measured time) {
    }

    static Result run(LiveBench.Result live, int processes) throws Exception {
        Settings settings = live.settings();
        long heapBefore = heapAfterGc();
        Measured.Start start = Measured.start();
        Clock eventClock = Clock.offset(Clock.systemUTC(), Duration.between(Clock.systemUTC().instant(), BenchData.END));
        long base = Timestamps.toNanos(eventClock.instant());
        try (KafkaEventSink sink = KafkaEventSink.create(settings, settings.topics().input())) {
            for (int p = 0; p < processes; p++) {
                int devices = p % 10 == 9 ? 5 : 1 + p % 3;
                for (int d = 0; d < devices; d++) {
                    int device = (p * 7 + d * 131) % 5_000;
                    byte[] row = row(p, device, base + (p * 5L + d) * 1_000_000L);
                    sink.event(row, row.length, 0, deviceId(device).getBytes(StandardCharsets.US_ASCII));
                }
            }
            sink.flush();
        }
        LiveBench.awaitDrained(settings, live.detector());
        Measured time = start.stop();
        ReadOnlyKeyValueStore<String, byte[]> store = live.detector().streams().store(StoreQueryParameters
                .fromNameAndType(Names.PROCESS_PREVALENCE_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore()));
        ProcessStateCodec codec = new ProcessStateCodec(settings.detector().threshold());
        int[] sizes = new int[processes];
        int[] cores = new int[processes];
        int n = 0;
        try (var all = store.all()) {
            while (all.hasNext()) {
                var entry = all.next();
                if (!entry.key.startsWith("bench-state-") || n == processes) {
                    continue;
                }
                sizes[n] = entry.value.length;
                cores[n] = codec.encode(withoutEvidence(codec.decode(entry.value))).length;
                n++;
            }
        }
        sizes = Arrays.copyOf(sizes, n);
        cores = Arrays.copyOf(cores, n);
        Arrays.sort(sizes);
        Arrays.sort(cores);
        long heap = heapAfterGc() - heapBefore;
        // Closing the detector flushes RocksDB's memtables, so the files hold every state.
        live.detector().close();
        return new Result(n, Arrays.stream(sizes).average().orElse(0), percentile(sizes, 99), n == 0 ? 0 : sizes[n - 1],
                Arrays.stream(cores).average().orElse(0), percentile(cores, 99), n == 0 ? 0 : cores[n - 1],
                storeBytes(live, Names.PROCESS_PREVALENCE_STORE), heap, time);
    }

    private static ProcessState withoutEvidence(ProcessState state) {
        state.hashes().removeUpTo(Long.MAX_VALUE);
        state.ports().removeUpTo(Long.MAX_VALUE);
        state.remoteIps().removeUpTo(Long.MAX_VALUE);
        state.commandLines().removeUpTo(Long.MAX_VALUE);
        return state;
    }

    static byte[] row(int process, int device, long nanos) {
        return row(process, device, nanos, 1024 + process % 40_000, 0);
    }

    /** One event of bench process {@code process}; {@code build} 0 is its usual binary, others another MD5. */
    static byte[] row(int process, int device, long nanos, int port, int build) {
        String name = String.format("bench-state-%06d.exe", process);
        String row = "{\"Timestamp\":\"" + Timestamps.format(nanos) + "\",\"DeviceId\":\"" + deviceId(device)
                + "\",\"DeviceName\":\"ws-" + device + DOMAIN + "\",\"ActionType\":\"ConnectionSuccess\","
                + "\"RemoteIP\":\"203.0." + (process % 250) + "." + (1 + device % 250) + "\",\"RemotePort\":"
                + port + ",\"RemoteUrl\":\"\",\"Protocol\":\"Tcp\",\"RemoteIPType\":\"Public\","
                + "\"InitiatingProcessFileName\":\"" + name + "\",\"InitiatingProcessMD5\":\""
                + String.format("%032x", (long) process * 2_654_435_761L + build) + "\",\"InitiatingProcessCommandLine\":\""
                + "C:\\\\ProgramData\\\\tools\\\\" + name + " --server 203.0.113.5 --interval 60\"}";
        return row.getBytes(StandardCharsets.UTF_8);
    }

    static String deviceId(int device) {
        return String.format("%040x", 0x5eed_0000L + device);
    }

    /** On-disk bytes of one store across the application's task directories. */
    static long storeBytes(LiveBench.Result live, String store) throws java.io.IOException {
        Path appDir = Path.of(live.settings().kafka().get("state.dir"), live.settings().applicationId());
        long total = 0;
        try (var tasks = Files.list(appDir)) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                Path storeDir = task.resolve("rocksdb").resolve(store);
                if (Files.isDirectory(storeDir)) {
                    total += Machine.sizeOf(storeDir);
                }
            }
        }
        return total;
    }

    static int percentile(int[] sorted, int percent) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * percent / 100.0) - 1)];
    }

    private static long heapAfterGc() {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
