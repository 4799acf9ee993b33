package org.rareegress.event;

import java.util.Arrays;

/** A part of a raw record, kept by reference so a rejected event can go to the dead-letter path as it was read. */
public record RawSlice(byte[] bytes, int offset, int length) {

    public static RawSlice of(byte[] bytes) {
        return new RawSlice(bytes, 0, bytes.length);
    }

    public byte[] copy() {
        return offset == 0 && length == bytes.length ? bytes : Arrays.copyOfRange(bytes, offset, offset + length);
    }
}
