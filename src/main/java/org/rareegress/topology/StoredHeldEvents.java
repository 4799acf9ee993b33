package org.rareegress.topology;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rareegress.detect.Candidate;
import org.rareegress.detect.CandidateCodec;
import org.rareegress.order.CandidateOrder;
import org.rareegress.order.HeldEvents;

/**
 * The {@value Names#HELD_EVENTS_STORE}: keys are the Timestamp (sign bit flipped, so unsigned byte order is
 * time order) and the event's input offset (unique in the task, so duplicates of one event are both kept);
 * values the encoded candidate. Events of one Timestamp are sorted by content when released.
 */
final class StoredHeldEvents implements HeldEvents {
    /** Released events are read from the store this many at a time (a Timestamp's events are never split). */
    private static final int BATCH = 256;

    private final KeyValueStore<Bytes, byte[]> store;
    private long count;
    private long earliest;

    StoredHeldEvents(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
        this.earliest = Long.MAX_VALUE;
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            while (all.hasNext()) {
                long time = timeOf(all.next().key);
                earliest = Math.min(earliest, time);
                count++;
            }
        }
    }

    @Override
    public void hold(Candidate event, long sequence) {
        store.put(key(event.timestampNanos(), sequence), CandidateCodec.encode(event));
        count++;
        earliest = Math.min(earliest, event.timestampNanos());
    }

    @Override
    public long releaseBefore(long bound, Consumer<Candidate> next) {
        long from = earliest;
        while (from < bound) {
            List<KeyValue<Bytes, byte[]>> batch = nextBatch(from, bound);
            if (batch.isEmpty()) {
                break;
            }
            int start = 0;
            while (start < batch.size()) {
                long time = timeOf(batch.get(start).key);
                int end = start;
                List<Candidate> sameTime = new ArrayList<>();
                while (end < batch.size() && timeOf(batch.get(end).key) == time) {
                    store.delete(batch.get(end).key);
                    count--;
                    sameTime.add(CandidateCodec.decode(batch.get(end).value));
                    end++;
                }
                sameTime.sort(CandidateOrder::compareContent);
                sameTime.forEach(next);
                start = end;
            }
            from = timeOf(batch.get(batch.size() - 1).key) + 1;
        }
        earliest = firstTimeFrom(bound);
        return earliest;
    }

    @Override
    public long earliest() {
        return earliest;
    }

    @Override
    public long count() {
        return count;
    }

    /** Up to {@link #BATCH} entries from {@code from} on, before {@code bound}, completing the last Timestamp. */
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

    private long firstTimeFrom(long from) {
        if (count == 0) {
            return Long.MAX_VALUE;
        }
        try (KeyValueIterator<Bytes, byte[]> range = store.range(key(from, 0), key(Long.MAX_VALUE, Long.MAX_VALUE))) {
            return range.hasNext() ? timeOf(range.next().key) : Long.MAX_VALUE;
        }
    }

    static Bytes key(long time, long sequence) {
        return Bytes.wrap(ByteBuffer.allocate(2 * Long.BYTES).putLong(time ^ Long.MIN_VALUE).putLong(sequence).array());
    }

    static long timeOf(Bytes key) {
        return ByteBuffer.wrap(key.get()).getLong() ^ Long.MIN_VALUE;
    }
}
