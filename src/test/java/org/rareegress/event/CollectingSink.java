package org.rareegress.event;

import java.util.ArrayList;
import java.util.List;

/** Everything a reader reported, in order. */
final class CollectingSink implements ReadSink {
    final List<NetworkEvent> events = new ArrayList<>();
    final List<DeadLetter> rejects = new ArrayList<>();
    final List<String> skips = new ArrayList<>();

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

    int total() {
        return events.size() + rejects.size() + skips.size();
    }

    NetworkEvent onlyEvent() {
        if (events.size() != 1 || !rejects.isEmpty()) {
            throw new AssertionError("expected one event, got " + events + " and rejects " + reasons());
        }
        return events.get(0);
    }

    List<String> reasons() {
        return rejects.stream().map(DeadLetter::reason).toList();
    }
}
