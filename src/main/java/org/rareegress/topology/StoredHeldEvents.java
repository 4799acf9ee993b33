package org.rareegress.topology;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rareegress.codec.CandidateCodec;
import org.rareegress.detect.Candidate;
import org.rareegress.order.CandidateOrder;
import org.rareegress.order.HeldEvents;
import org.rareegress.order.LongMinHeap;

/**
 * The {@value Names#HELD_EVENTS_STORE}: keys are the Timestamp (sign bit flipped, so unsigned byte order is
 * time order) and the event's input offset (unique in the task, so duplicates of one event are both kept);
 * values the encoded candidate. Events of one Timestamp are sorted by content when released.
 *
 * <p>The Timestamps held are also kept in memory, in a heap of longs (8 bytes an event), so that the store
 * is read only when there is something to release, and only over what is released: below the earliest held
 * Timestamp there are only the deletions of released events, which the store's record cache keeps until
 * it is flushed and which a range read would copy (a read from the lowest possible key cost a copy of
 * every cached entry: 35 % of the live run's time).
 */
final class StoredHeldEvents implements HeldEvents {
    /** Released events are read from the store this many at a time (a Timestamp's events are never split). */
    private static final int BATCH = 256;

    private final KeyValueStore<Bytes, byte[]> store;
    /** The Timestamp of every event held. */
    private final LongMinHeap times = new LongMinHeap();

    StoredHeldEvents(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            while (all.hasNext()) {
                times.add(timeOf(all.next().key));
            }
        }
    }

    @Override
    public void hold(Candidate event, long sequence) {
        store.put(key(event.timestampNanos(), sequence), CandidateCodec.encode(event));
        times.add(event.timestampNanos());
    }

    @Override
    public long releaseBefore(long bound, Consumer<Candidate> next) {
        long from = times.min();
        while (times.min() < bound) {
            List<KeyValue<Bytes, byte[]>> batch = nextBatch(from, bound);
            if (batch.isEmpty()) {
                throw new IllegalStateException("the held-events store has no event before " + bound
                        + " where " + times.size() + " are held from " + times.min());
            }
            int start = 0;
            while (start < batch.size()) {
                long time = timeOf(batch.get(start).key);
                int end = start;
                List<Candidate> sameTime = new ArrayList<>();
                while (end < batch.size() && timeOf(batch.get(end).key) == time) {
                    store.delete(batch.get(end).key);
                    times.removeMin();
                    sameTime.add(CandidateCodec.decode(batch.get(end).value));
                    end++;
                }
                sameTime.sort(CandidateOrder::compareContent);
                sameTime.forEach(next);
                start = end;
            }
            from = timeOf(batch.get(batch.size() - 1).key) + 1;
        }
        return times.min();
    }

    @Override
    public long earliest() {
        return times.min();
    }

    @Override
    public long count() {
        return times.size();
    }

    /**
     * Up to {@link #BATCH} entries from {@code from} on, before {@code bound}, completing the last Timestamp
     * (so a batch of fewer entries holds all there were).
     */
    private List<KeyValue<Bytes, byte[]>> nextBatch(long from, long bound) {
        List<KeyValue<Bytes, byte[]>> batch = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> range = store.range(key(from, 0), key(bound - 1, Long.MAX_VALUE))) {
            while (range.hasNext()) {
                KeyValue<Bytes, byte[]> entry = range.next();
                if (batch.size() >= BATCH && timeOf(entry.key) != timeOf(batch.get(batch.size() - 1).key)) {
                    break;
                }
                batch.add(entry);
            }
        }
        return batch;
    }

    static Bytes key(long time, long sequence) {
        return Bytes.wrap(ByteBuffer.allocate(2 * Long.BYTES).putLong(time ^ Long.MIN_VALUE).putLong(sequence).array());
    }

    static long timeOf(Bytes key) {
        return ByteBuffer.wrap(key.get()).getLong() ^ Long.MIN_VALUE;
    }
}
