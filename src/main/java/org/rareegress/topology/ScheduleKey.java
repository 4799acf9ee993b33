package org.rareegress.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * Keys of the schedule store: due time (8 bytes, big-endian, so byte order is time order for the
 * non-negative event times we accept), a kind byte, then the process name.
 */
record ScheduleKey(long dueAt, Kind kind, String process) {

    enum Kind { CHECK, CONFIRM }

    Bytes toBytes() {
        byte[] name = process.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(9 + name.length).putLong(dueAt).put((byte) kind.ordinal()).put(name).array());
    }

    static ScheduleKey fromBytes(Bytes bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes.get());
        long dueAt = buffer.getLong();
        Kind kind = Kind.values()[buffer.get()];
        String process = new String(bytes.get(), 9, bytes.get().length - 9, StandardCharsets.UTF_8);
        return new ScheduleKey(dueAt, kind, process);
    }

    /** The smallest key due at {@code time}. */
    static Bytes lowerBound(long time) {
        return Bytes.wrap(ByteBuffer.allocate(8).putLong(time).array());
    }

    /** A key greater than every key due at or before {@code time}. */
    static Bytes upperBoundInclusive(long time) {
        return Bytes.wrap(ByteBuffer.allocate(9).putLong(time).put((byte) 0xff).array());
    }
}
