package org.rareegress.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rareegress.detect.ProcessState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a task within {@code detector.max-tracked-processes}: counts its processes, and when a new one makes
 * them too many, evicts the least recently seen (the oldest newest-kept-Timestamp, ties by name as UTF-8 bytes).
 * The choice depends on event times and names only, so a replay evicts the same processes.
 *
 * <p>It finds that process through an index of processes by last-seen time in {@value Names#TRACKER_BOUNDS_STORE}
 * (changelogged like every store, so a restart resumes it). The index is <em>lazy</em>: an entry is written when a
 * process appears, and not moved on each of its events, so the hot path writes nothing here for a known process.
 * An entry's time is therefore at most its process's last-seen time; the eviction scan reads the process's state,
 * moves an entry that turns out stale to the true time and looks again. That is still exact: an entry found
 * first whose time is its process's last-seen time has the smallest (last-seen, name) of all, since every other
 * entry's process was last seen at or after that entry's own time. Each move is paid for by an event of its
 * process since its entry was written.
 *
 * <p>Entries of processes that left the window are removed by a sweep as stream time passes them (the state
 * goes at the same instant), so the index holds about one entry per tracked process; the sweep also moves the
 * entries of processes still in the window, at most once per window each.
 *
 * <p>Layout: {@code r|time|name -> empty} (time big-endian with its sign bit flipped, so bytes sort as times do);
 * {@code n -> count}. {@link TrackProcessPrevalence} also keeps its storm window here ({@code s}).
 */
final class TrackedProcesses {
    private static final Logger LOG = LoggerFactory.getLogger(TrackedProcesses.class);
    private static final byte INDEX = 'r';
    private static final Bytes COUNT_KEY = Bytes.wrap(new byte[] {'n'});
    private static final Bytes INDEX_START = Bytes.wrap(new byte[] {INDEX});
    /** Above every index key: the time is never MAX_VALUE (all 0xFF), and UTF-8 never has a 0xFF byte. */
    private static final Bytes INDEX_END = Bytes.wrap(indexEnd());
    private static final byte[] EMPTY = new byte[0];

    /** Removes an evicted process: its state, its schedule entries, its table row. */
    interface Eviction {
        void evict(String process, ProcessState state);
    }

    private final KeyValueStore<Bytes, byte[]> store;
    private final ProcessStates processes;
    private final long max;
    private final DetectorMetrics metrics;
    private long count;
    /** No index entry sorts below this key. */
    private Bytes evictFrom = INDEX_START;
    /** The sweep has handled every entry below this key. */
    private Bytes sweepFrom = INDEX_START;
    /** Time of the first entry at or after {@link #sweepFrom}; MAX_VALUE when none. */
    private long nextSweep = Long.MAX_VALUE;

    TrackedProcesses(KeyValueStore<Bytes, byte[]> store, ProcessStates processes, long max, DetectorMetrics metrics) {
        this.store = store;
        this.processes = processes;
        this.max = max;
        this.metrics = metrics;
    }

    /**
     * Reads the count, or builds the index and the count from the stored states when there are none: a new
     * task, or state written by a release without this store (one scan, once).
     */
    void init() {
        byte[] stored = store.get(COUNT_KEY);
        if (stored == null || stored.length != Long.BYTES) {
            rebuild();
        } else {
            count = ByteBuffer.wrap(stored).getLong();
        }
        KeyValue<Bytes, byte[]> first = first(INDEX_START);
        nextSweep = first == null ? Long.MAX_VALUE : timeOf(first.key);
    }

    /** How many processes the task tracks. */
    long count() {
        return count;
    }

    /** A new process was stored, last seen at {@code lastSeen}. */
    void added(String process, long lastSeen) {
        Bytes key = indexKey(lastSeen, process);
        store.put(key, EMPTY);
        if (key.compareTo(evictFrom) < 0) {
            evictFrom = key;
        }
        nextSweep = Math.min(nextSweep, lastSeen);
        count++;
        putCount();
    }

    /** A process's state was deleted (it left the window, or could not be decoded); its entry goes with the sweep. */
    void removed() {
        count--;
        putCount();
    }

    /** Evicts least recently seen processes until the task tracks no more than the bound. */
    void evictOverflow(Eviction eviction) {
        while (count > max) {
            KeyValue<Bytes, byte[]> entry = first(evictFrom);
            if (entry == null) {
                // The count says more than the index holds: never expected, but a recount is exact.
                LOG.warn("The count of tracked processes ({}) is more than the index holds; counting them again", count);
                rebuild();
                evictFrom = INDEX_START;
                if (first(INDEX_START) == null) {
                    return;
                }
                continue;
            }
            evictFrom = entry.key;
            String process = nameOf(entry.key);
            ProcessState state = processes.load(process);
            store.delete(entry.key);
            if (state == null) {
                continue;
            }
            long lastSeen = lastSeen(state);
            long indexed = timeOf(entry.key);
            if (lastSeen > indexed) {
                store.put(indexKey(lastSeen, process), EMPTY);
            } else if (lastSeen == indexed) {
                eviction.evict(process, state);
                metrics.countEvicted();
                count--;
                putCount();
            }
            // lastSeen < indexed: a second entry of a process that left and came back, whose own entry is earlier.
        }
    }

    /**
     * Stream time has moved: entries at or before {@code cutoff} (stream time less the window) belong to processes
     * that left the window, and are removed, or to processes seen since, and move to their last-seen time.
     */
    void sweep(long cutoff) {
        while (nextSweep <= cutoff) {
            KeyValue<Bytes, byte[]> entry = first(sweepFrom);
            if (entry == null) {
                nextSweep = Long.MAX_VALUE;
                return;
            }
            long indexed = timeOf(entry.key);
            if (indexed > cutoff) {
                nextSweep = indexed;
                return;
            }
            String process = nameOf(entry.key);
            ProcessState state = processes.load(process);
            long lastSeen = state == null ? Long.MIN_VALUE : lastSeen(state);
            if (lastSeen != indexed) {
                store.delete(entry.key);
                if (lastSeen > indexed) {
                    store.put(indexKey(lastSeen, process), EMPTY);
                    nextSweep = Math.min(nextSweep, lastSeen);
                }
            }
            // An entry that stays (a state last seen this long ago, which expiry should have removed) is passed.
            sweepFrom = successor(entry.key);
        }
    }

    private void rebuild() {
        long[] counted = {0};
        processes.forEach((process, state) -> {
            store.put(indexKey(lastSeen(state), process), EMPTY);
            counted[0]++;
        });
        count = counted[0];
        putCount();
    }

    private void putCount() {
        store.put(COUNT_KEY, ByteBuffer.allocate(Long.BYTES).putLong(count).array());
    }

    private KeyValue<Bytes, byte[]> first(Bytes from) {
        try (KeyValueIterator<Bytes, byte[]> range = store.range(from, INDEX_END)) {
            while (range.hasNext()) {
                KeyValue<Bytes, byte[]> entry = range.next();
                if (entry.key.get().length > 1 + Long.BYTES && entry.key.get()[0] == INDEX) {
                    return entry;
                }
            }
            return null;
        }
    }

    private static long lastSeen(ProcessState state) {
        return state.devices().newestLastSeen();
    }

    static Bytes indexKey(long time, String process) {
        byte[] name = process.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(1 + Long.BYTES + name.length).put(INDEX).putLong(time ^ Long.MIN_VALUE)
                .put(name).array());
    }

    static long timeOf(Bytes key) {
        return ByteBuffer.wrap(key.get(), 1, Long.BYTES).getLong() ^ Long.MIN_VALUE;
    }

    static String nameOf(Bytes key) {
        byte[] bytes = key.get();
        return new String(bytes, 1 + Long.BYTES, bytes.length - 1 - Long.BYTES, StandardCharsets.UTF_8);
    }

    private static Bytes successor(Bytes key) {
        return Bytes.wrap(Arrays.copyOf(key.get(), key.get().length + 1));
    }

    private static byte[] indexEnd() {
        byte[] end = new byte[2 + Long.BYTES];
        Arrays.fill(end, (byte) 0xff);
        end[0] = INDEX;
        return end;
    }
}
