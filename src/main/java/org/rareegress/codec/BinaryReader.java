package org.rareegress.codec;

import java.nio.charset.StandardCharsets;

/** Reads what {@link BinaryWriter} wrote; any inconsistency is an {@link IllegalStateException}. */
public final class BinaryReader {
    private final byte[] buffer;
    private int position;

    public BinaryReader(byte[] buffer) {
        this.buffer = buffer;
    }

    public int readByte() {
        require(1);
        return buffer[position++] & 0xff;
    }

    public int readInt() {
        require(4);
        int value = (buffer[position] & 0xff) << 24 | (buffer[position + 1] & 0xff) << 16
                | (buffer[position + 2] & 0xff) << 8 | (buffer[position + 3] & 0xff);
        position += 4;
        return value;
    }

    public long readVarLong() {
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

    public int readVarInt() {
        long value = readVarLong();
        if (value > 0xFFFF_FFFFL) {
            throw new IllegalStateException("varint out of int range");
        }
        return (int) value;
    }

    public long readZigZag() {
        long raw = readVarLong();
        return (raw >>> 1) ^ -(raw & 1);
    }

    public String readString() {
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

    /** A string that a valid record never leaves null. */
    public String readRequiredString(String what) {
        String value = readString();
        if (value == null) {
            throw new IllegalStateException(what + " is missing at " + position);
        }
        return value;
    }

    /** A number of items that follow, each taking at least one byte: never more than the bytes left. */
    public int readCount() {
        int count = readVarInt();
        if (count < 0 || count > buffer.length - position) {
            throw new IllegalStateException("count " + Integer.toUnsignedString(count) + " at " + position
                    + " exceeds the " + (buffer.length - position) + " bytes left");
        }
        return count;
    }

    public byte[] readBytes(int length) {
        require(length);
        byte[] bytes = java.util.Arrays.copyOfRange(buffer, position, position + length);
        position += length;
        return bytes;
    }

    public boolean atEnd() {
        return position == buffer.length;
    }

    public void requireEnd(String what) {
        if (!atEnd()) {
            throw new IllegalStateException((buffer.length - position) + " trailing bytes after " + what);
        }
    }

    private void require(int bytes) {
        // Compared as a difference: position + bytes could overflow for a corrupt length.
        if (bytes < 0 || bytes > buffer.length - position) {
            throw new IllegalStateException("truncated record: need " + bytes + " bytes at " + position + " of " + buffer.length);
        }
    }
}
