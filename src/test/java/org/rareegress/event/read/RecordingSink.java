package org.rareegress.event.read;

import java.util.ArrayList;
import java.util.List;
import org.rareegress.event.DeadLetter;
import org.rareegress.event.NetworkEvent;
import org.rareegress.event.ReadSink;

/** A {@link ReadSink} that keeps everything a reader reports, in order, for assertions. */
public final class RecordingSink implements ReadSink {
    public final List<NetworkEvent> events = new ArrayList<>();
    public final List<DeadLetter> rejects = new ArrayList<>();
    public final List<String> skips = new ArrayList<>();
    /** Rejects counted past the per-record cap, whose dead letters were not written. */
    public long suppressed;

    @Override
    public void event(NetworkEvent event) {
        events.add(event);
    }

    @Override
    public void reject(DeadLetter deadLetter) {
        rejects.add(deadLetter);
    }

    @Override
    public void skip(String what) {
        skips.add(what);
    }

    @Override
    public void deadLettersSuppressed(long count) {
        suppressed += count;
    }

    /** The reasons of the rejects, in order. */
    public List<String> reasons() {
        return rejects.stream().map(DeadLetter::reason).toList();
    }

    /** The one event reported, failing the test with what was reported instead when there is not exactly one. */
    public NetworkEvent onlyEvent() {
        if (events.size() != 1 || !rejects.isEmpty()) {
            throw new AssertionError("expected one event, got " + events + " and rejects " + reasons());
        }
        return events.get(0);
    }

    /** How many things the reader reported in all. */
    public int total() {
        return events.size() + rejects.size() + skips.size();
    }
}
