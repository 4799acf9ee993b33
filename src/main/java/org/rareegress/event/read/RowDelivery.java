package org.rareegress.event.read;

import org.rareegress.event.DeadLetter;
import org.rareegress.event.NetworkEvent;
import org.rareegress.event.RawSlice;
import org.rareegress.event.ReadSink;
import org.rareegress.event.SourceRef;

/** Turns the fields read from one MDE row into what the sink gets: an event, a skip or a dead letter. */
final class RowDelivery {
    /** Sentinel / Log Analytics rows name their table in {@code Type}. */
    static final String SENTINEL_NETWORK_TABLE = "DeviceNetworkEvents";

    private final EventValidator validator;

    RowDelivery(EventValidator validator) {
        this.validator = validator;
    }

    /** @param problem the first problem met while reading the row, or null */
    void deliver(EventFields fields, String problem, SourceRef source, RawSlice raw, ReadSink sink) {
        if (fields.table != null && !SENTINEL_NETWORK_TABLE.equals(fields.table)) {
            sink.skip(fields.table);
            return;
        }
        if (problem != null) {
            sink.reject(new DeadLetter(problem, source, raw));
            return;
        }
        NetworkEvent event;
        try {
            event = validator.validate(fields, source, raw);
        } catch (EventValidator.InvalidEventException e) {
            sink.reject(new DeadLetter(e.getMessage(), source, raw));
            return;
        }
        sink.event(event);
    }
}
