package org.rareegress.detect;

import java.nio.charset.StandardCharsets;

/** Reads what {@link BinaryWriter} wrote; any inconsistency is an {@link IllegalStateException}. */
final class BinaryReader {
    private final byte[] buffer;
    private int position;

    BinaryReader(byte[] buffer) {
        this.buffer = buffer;
    }

    int readByte() {
        require(1);
        return buffer[position++] & 0xff;
    }

    int readInt() {
        require(4);
        int value = (buffer[position] & 0xff) << 24 | (buffer[position + 1] & 0xff) << 16
                | (buffer[position + 2] & 0xff) << 8 | (buffer[position + 3] & 0xff);
        position += 4;
        return value;
    }

    long readVarLong() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalStateException("varint longer than 10 bytes");
    }

    int readVarInt() {
        long value = readVarLong();
        if (value > 0xFFFF_FFFFL) {
            throw new IllegalStateException("varint out of int range");
        }
        return (int) value;
    }

    long readZigZag() {
        long raw = readVarLong();
        return (raw >>> 1) ^ -(raw & 1);
    }

    String readString() {
        int lengthPlusOne = readVarInt();
        if (lengthPlusOne == 0) {
            return null;
        }
        int length = lengthPlusOne - 1;
        require(length);
        String value = new String(buffer, position, length, StandardCharsets.UTF_8);
        position += length;
        return value;
    }

    boolean atEnd() {
        return position == buffer.length;
    }

    private void require(int bytes) {
        if (bytes < 0 || position + bytes > buffer.length) {
            throw new IllegalStateException("truncated record: need " + bytes + " bytes at " + position + " of " + buffer.length);
        }
    }
}
