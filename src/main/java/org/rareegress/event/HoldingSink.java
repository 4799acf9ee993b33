package org.rareegress.event;

import java.util.ArrayList;
import java.util.List;

/**
 * Passes events on at once but holds rejects and skips until the record has been read to its
 * end: a record that breaks as a whole goes to the dead letters once, not also item by item.
 */
final class HoldingSink implements ReadSink {
    private final List<Object> outcomes = new ArrayList<>();
    private ReadSink target;
    /** Events delivered from the current record, so a record that breaks halfway says what already went out. */
    private int delivered;

    void start(ReadSink sink) {
        delivered = 0;
        target = sink;
        outcomes.clear();
    }

    @Override
    public void event(NetworkEvent event) {
        target.event(event);
        delivered++;
    }

    @Override
    public void reject(DeadLetter deadLetter) {
        outcomes.add(deadLetter);
    }

    @Override
    public void skip(String what) {
        outcomes.add(what);
    }

    void flush() {
        for (Object outcome : outcomes) {
            if (outcome instanceof DeadLetter deadLetter) {
                target.reject(deadLetter);
            } else {
                target.skip((String) outcome);
            }
        }
        outcomes.clear();
    }

    void discard() {
        outcomes.clear();
    }

    /** Tells a dead letter for a whole record that some of its events were delivered before it broke. */
    String afterDelivered() {
        return delivered == 0 ? "" : " (after " + delivered + (delivered == 1 ? " good record)" : " good records)");
    }
}
