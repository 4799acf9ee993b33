package org.rareegress.event.read;

import java.util.ArrayList;
import java.util.List;
import org.rareegress.event.DeadLetter;
import org.rareegress.event.EarlyDrop;
import org.rareegress.event.NetworkEvent;
import org.rareegress.event.RawSlice;
import org.rareegress.event.ReadSink;
import org.rareegress.event.SourceRef;

/**
 * Passes events on at once but holds rejects and skips until the record has been read to its
 * end: a record that breaks as a whole goes to the dead letters once, not also item by item.
 *
 * <p>It holds at most {@code maxDeadLetters} rejects of one record and only counts the rest; the record
 * then ends with one more dead letter that says how many there were and names the record. So neither
 * the memory held nor the dead letters written grow with the number of bad items one record holds
 * ({@code {"records":[0,0,…]}} of 1 MB is half a million of them).
 */
final class HoldingSink implements ReadSink {
    private final int maxDeadLetters;
    private final List<Object> outcomes = new ArrayList<>();
    private ReadSink target;
    private byte[] record;
    private SourceRef source;
    /** Events delivered from the current record, so a record that breaks halfway says what already went out. */
    private int delivered;
    private int held;
    private long over;

    /** Consecutive skips of one kind, held as one entry. */
    private static final class Skips {
        final String what;
        long count = 1;

        Skips(String what) {
            this.what = what;
        }
    }

    HoldingSink(int maxDeadLetters) {
        if (maxDeadLetters < 1) {
            throw new IllegalArgumentException("maxDeadLetters must be at least 1, got " + maxDeadLetters);
        }
        this.maxDeadLetters = maxDeadLetters;
    }

    void start(ReadSink sink, byte[] newRecord, SourceRef newSource) {
        delivered = 0;
        target = sink;
        record = newRecord;
        source = newSource;
        discard();
    }

    @Override
    public void event(NetworkEvent event) {
        target.event(event);
        delivered++;
    }

    /** A row dropped early is an event the filter drops: it passes on at once, in its place among the events. */
    @Override
    public void dropped(long timestampNanos, SourceRef droppedSource, EarlyDrop.Clause clause) {
        target.dropped(timestampNanos, droppedSource, clause);
    }

    @Override
    public void reject(DeadLetter deadLetter) {
        if (held < maxDeadLetters) {
            outcomes.add(deadLetter);
            held++;
        } else {
            over++;
        }
    }

    @Override
    public void skip(String what) {
        if (!outcomes.isEmpty() && outcomes.get(outcomes.size() - 1) instanceof Skips last && last.what.equals(what)) {
            last.count++;
        } else {
            outcomes.add(new Skips(what));
        }
    }

    /** Everything held, in order, then the dead letter that counts the rejects past the cap. */
    void flush() {
        for (Object outcome : outcomes) {
            if (outcome instanceof DeadLetter deadLetter) {
                target.reject(deadLetter);
            } else {
                Skips skips = (Skips) outcome;
                for (long i = 0; i < skips.count; i++) {
                    target.skip(skips.what);
                }
            }
        }
        if (over > 0) {
            target.deadLettersSuppressed(over);
            target.reject(new DeadLetter(over + " more items of this record were rejected; their dead letters were not"
                    + " written (input.max-dead-letters-per-record is " + maxDeadLetters + ")", source,
                    RawSlice.of(record)));
        }
        discard();
    }

    void discard() {
        outcomes.clear();
        held = 0;
        over = 0;
    }

    /** Tells a dead letter for a whole record that some of its events were delivered before it broke. */
    String afterDelivered() {
        return delivered == 0 ? "" : " (after " + delivered + (delivered == 1 ? " good record)" : " good records)");
    }
}
