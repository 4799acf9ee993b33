package org.rareegress.topology;

import java.util.function.Consumer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The pending expiry checks and confirmations of {@value Names#EXPIRY_SCHEDULE_STORE}, of processes and of their
 * refined dimensions ({@link DimensionKeys}), in due-time order ({@link ScheduleKey}). The earliest due time is
 * cached, so that most stream-time moves cost no store read.
 */
final class ExpirySchedule {
    private static final byte[] EMPTY = new byte[0];

    private final KeyValueStore<Bytes, byte[]> store;
    /** Cached due time of the earliest entry; MAX_VALUE when none. Rebuilt from the store on start. */
    private long nextDue;
    /** No entry is due before this: the last fired entry's time (0 after a restart). */
    private long scanFrom;

    ExpirySchedule(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
        this.scanFrom = 0;
        this.nextDue = earliestDue();
    }

    void add(ScheduleKey key) {
        store.put(key.toBytes(), EMPTY);
        nextDue = Math.min(nextDue, key.dueAt());
    }

    /**
     * A check of {@code key} at {@code next} (MAX_VALUE: none needed), unless one is scheduled no later, at
     * {@code scheduledAt}: entries are only ever added for an earlier time; a later-than-needed entry simply fires,
     * finds nothing due, and reschedules. This keeps schedule writes off the hot path.
     *
     * @return when the earliest check of {@code key} is scheduled now
     */
    long checkBy(String key, long next, long scheduledAt) {
        if (next != Long.MAX_VALUE && next < scheduledAt) {
            add(new ScheduleKey(next, ScheduleKey.Kind.CHECK, key));
            return next;
        }
        return scheduledAt;
    }

    void remove(ScheduleKey key) {
        store.delete(key.toBytes());
    }

    /**
     * Takes out and fires, in time order and each at its own due time, every expiry check due at or before
     * {@code upTo} and every confirmation due before it. A confirmation due at {@code upTo} waits until stream
     * time moves past it, so that events stamped with that very instant (which may still arrive) count: one
     * of them making the process prevalent cancels the alert.
     */
    void fireDue(long upTo, Consumer<ScheduleKey> fire) {
        while (nextDue <= upTo) {
            ScheduleKey due;
            try (KeyValueIterator<Bytes, byte[]> entries = store.range(ScheduleKey.lowerBound(scanFrom),
                    ScheduleKey.upperBoundInclusive(upTo))) {
                if (!entries.hasNext()) {
                    nextDue = earliestDue();
                    return;
                }
                KeyValue<Bytes, byte[]> entry = entries.next();
                due = ScheduleKey.fromBytes(entry.key);
                if (due.kind() == ScheduleKey.Kind.CONFIRM && due.dueAt() >= upTo) {
                    // Entries at one instant sort checks first, so nothing else is due before upTo.
                    return;
                }
                store.delete(entry.key);
                // New entries are always due after stream time, so scans can start here, past the
                // deletion markers RocksDB keeps for the entries already fired.
                scanFrom = due.dueAt();
            }
            fire.accept(due);
            nextDue = earliestDue();
        }
    }

    private long earliestDue() {
        try (KeyValueIterator<Bytes, byte[]> all = store.range(ScheduleKey.lowerBound(scanFrom),
                ScheduleKey.upperBoundInclusive(Long.MAX_VALUE))) {
            return all.hasNext() ? ScheduleKey.fromBytes(all.next().key).dueAt() : Long.MAX_VALUE;
        }
    }
}
