package org.rareegress.event.read;

import java.time.Clock;
import org.rareegress.event.DeadLetter;
import org.rareegress.event.EarlyDrop;
import org.rareegress.event.InputSettings;
import org.rareegress.event.RawSlice;
import org.rareegress.event.RecordReader;

/** Builds the reader for the configured {@code input.format}, behind the size guard every format shares. */
public final class RecordReaders {
    private RecordReaders() {
    }

    /** A reader that remembers Sysmon process creations in memory, bounded as configured. */
    public static RecordReader create(InputSettings input, Clock clock) {
        return create(input, clock, new ProcessCreationTable(new SortedMapStore(), input.sysmonProcessTtl(),
                input.sysmonProcessMaxEntries()));
    }

    public static RecordReader create(InputSettings input, Clock clock, ProcessCreations processes) {
        return create(input, clock, processes, null);
    }

    /**
     * @param earlyDrop filter clauses the MDE reader may drop flat rows by from their bytes, reporting them with
     *                  {@link org.rareegress.event.ReadSink#dropped}; null to deliver every valid event whole
     */
    public static RecordReader create(InputSettings input, Clock clock, ProcessCreations processes, EarlyDrop earlyDrop) {
        EventValidator validator = new EventValidator(clock, input.maxFutureSkew());
        int maxBytes = input.maxRecordBytes();
        // Only the MDE reader finds many items in one record (envelopes, row arrays); the tree readers read one.
        int maxDeadLetters = input.maxDeadLettersPerRecord();
        RecordReader reader = switch (input.format()) {
            case AUTO -> new AutoReader(new MdeJsonReader(validator, maxBytes, maxDeadLetters, true, true, earlyDrop),
                    new TreeJsonReader(maxBytes, new WindowsEventReader(validator, processes), new EcsReader(validator)));
            case MDE, SENTINEL -> new MdeJsonReader(validator, maxBytes, maxDeadLetters, true, false, earlyDrop);
            case ENVELOPE -> new MdeJsonReader(validator, maxBytes, maxDeadLetters, false, true);
            case SYSMON -> new TreeJsonReader(maxBytes, new WindowsEventReader(validator, processes), null);
            case ECS -> new TreeJsonReader(maxBytes, null, new EcsReader(validator));
        };
        return sizeLimited(reader, maxBytes);
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
