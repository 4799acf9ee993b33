package org.rareegress.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.rareegress.codec.DimensionStateCodec;
import org.rareegress.codec.ProcessStateCodec;
import org.rareegress.detect.ProcessState;

/** The bound on tracked processes over its two stores, without a topology. */
class TrackedProcessesTest {
    private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    private final KeyValueStore<String, byte[]> states = store(Names.PROCESS_PREVALENCE_STORE, Serdes.String());
    private final KeyValueStore<Bytes, byte[]> bounds = store(Names.TRACKER_BOUNDS_STORE, Serdes.Bytes());
    private final ProcessStateCodec codec = new ProcessStateCodec(4);
    private final DetectorMetrics metrics = new DetectorMetrics();
    private final ProcessStates processes = new ProcessStates(states, codec, new DimensionStateCodec(4), metrics);

    private <K> KeyValueStore<K, byte[]> store(String name, org.apache.kafka.common.serialization.Serde<K> keys) {
        KeyValueStore<K, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), keys,
                Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    private void putState(String process, long lastSeen) {
        ProcessState state = new ProcessState(4);
        state.devices().observe("d1", null, lastSeen);
        states.put(process, codec.encode(state));
    }

    /** State written by a release without the index: the first start counts and indexes it, once. */
    @Test
    void buildsTheIndexFromStoredStatesOnItsFirstStart() {
        putState("old.exe", 100);
        putState("new.exe", 300);
        putState("mid.exe", 200);
        TrackedProcesses tracked = new TrackedProcesses(bounds, processes, 2, metrics);

        tracked.init();
        List<String> evicted = new ArrayList<>();
        tracked.evictOverflow((process, state) -> {
            evicted.add(process);
            processes.delete(process);
        });

        assertThat(tracked.count()).isEqualTo(2);
        assertThat(evicted).containsExactly("old.exe");
        assertThat(metrics.processesEvicted()).isEqualTo(1);
    }

    @Test
    void aStateThatCannotBeDecodedLeavesTheCount() {
        putState("a.exe", 100);
        states.put("broken.exe", new byte[] {99});
        TrackedProcesses tracked = new TrackedProcesses(bounds, processes, 10, metrics);
        processes.onDiscard(tracked::removed);

        tracked.init();

        assertThat(tracked.count()).isEqualTo(1);
        assertThat(metrics.statesDiscarded()).isEqualTo(1);
    }

    /**
     * Random processes seen at random times, the index written only when each appears: every eviction picks what
     * a scan of all states picks, the smallest (last seen, name).
     */
    @Test
    void evictsWhatAFullScanWouldPickWhateverTheIndexLagsBehind() {
        Random random = new Random(7);
        TrackedProcesses tracked = new TrackedProcesses(bounds, processes, 20, metrics);
        tracked.init();
        Map<String, Long> lastSeen = new TreeMap<>();
        long now = 1_000;
        for (int i = 0; i < 3_000; i++) {
            now += random.nextInt(3);
            String process = "p" + random.nextInt(60) + ".exe";
            boolean known = lastSeen.containsKey(process);
            putState(process, now);
            lastSeen.put(process, now);
            if (!known) {
                tracked.added(process, now);
                String expected = lastSeen.entrySet().stream()
                        .min(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                        .orElseThrow().getKey();
                List<String> evicted = new ArrayList<>();
                tracked.evictOverflow((name, state) -> {
                    evicted.add(name);
                    processes.delete(name);
                });
                if (lastSeen.size() > 20) {
                    assertThat(evicted).as("eviction %d", i).containsExactly(expected);
                    lastSeen.remove(expected);
                } else {
                    assertThat(evicted).isEmpty();
                }
            }
        }
        assertThat(tracked.count()).isEqualTo(20);
        assertThat(metrics.processesEvicted()).isPositive();
    }
}
