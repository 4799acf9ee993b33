package org.rareegress.event.read;

import org.rareegress.event.DeadLetter;
import org.rareegress.event.EarlyDrop;
import org.rareegress.event.NetworkEvent;
import org.rareegress.event.RawSlice;
import org.rareegress.event.ReadSink;
import org.rareegress.event.SourceRef;

/** Turns the fields read from one MDE row into what the sink gets: an event, a skip or a dead letter. */
final class RowDelivery {
    /** Sentinel / Log Analytics rows name their table in {@code Type}. */
    static final String SENTINEL_NETWORK_TABLE = "DeviceNetworkEvents";

    private final EventValidator validator;
    /** Drops rows from their bytes; null when every row is delivered whole. */
    private final EarlyDropRows early;
    private final EventFields scanned = new EventFields();

    RowDelivery(EventValidator validator, EarlyDrop earlyDrop) {
        this.validator = validator;
        this.early = EarlyDropRows.of(validator, earlyDrop);
    }

    /** A flat row as the scanner found it: dropped early when it can be, else decoded and delivered as always. */
    void deliver(ScannedRow row, SourceRef source, RawSlice raw, ReadSink sink) {
        if (early != null) {
            long time = early.dropTime(row);
            if (time != Long.MIN_VALUE) {
                sink.dropped(time, source, early.clause);
                return;
            }
        }
        row.fill(scanned);
        deliver(scanned, null, source, raw, sink);
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
