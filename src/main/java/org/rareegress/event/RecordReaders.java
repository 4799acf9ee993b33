package org.rareegress.event;

import java.time.Clock;
import org.rareegress.config.InputSettings;

/** Builds the reader for the configured {@code input.format}, behind the size guard every format shares. */
public final class RecordReaders {
    private RecordReaders() {
    }

    public static RecordReader create(InputSettings input, Clock clock) {
        EventValidator validator = new EventValidator(clock, input.maxFutureSkew());
        RecordReader reader = switch (input.format()) {
            case AUTO -> new MdeJsonReader(validator, input.maxRecordBytes(), true, true);
            case MDE -> new MdeJsonReader(validator, input.maxRecordBytes(), true, false);
            case ENVELOPE -> new MdeJsonReader(validator, input.maxRecordBytes(), false, true);
        };
        return sizeLimited(reader, input.maxRecordBytes());
    }

    /** Oversized records are rejected before any parsing, so one huge record cannot stall the detector. */
    static RecordReader sizeLimited(RecordReader reader, int maxRecordBytes) {
        return (record, source, sink) -> {
            if (record == null || record.length == 0) {
                sink.reject(new DeadLetter("empty record", source, RawSlice.of(record == null ? new byte[0] : record)));
            } else if (record.length > maxRecordBytes) {
                sink.reject(new DeadLetter("record is " + record.length + " bytes, over input.max-record-bytes ("
                        + maxRecordBytes + ")", source, RawSlice.of(record)));
            } else {
                reader.read(record, source, sink);
            }
        };
    }
}
