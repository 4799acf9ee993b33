package org.rareegress.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer with varints and length-prefixed UTF-8: the stored form of state and candidates. */
public final class BinaryWriter {
    private byte[] buffer;
    private int position;

    public BinaryWriter(int initialCapacity) {
        buffer = new byte[initialCapacity];
    }

    void reset() {
        position = 0;
    }

    public void writeByte(int value) {
        ensure(1);
        buffer[position++] = (byte) value;
    }

    public void writeInt(int value) {
        ensure(4);
        buffer[position++] = (byte) (value >>> 24);
        buffer[position++] = (byte) (value >>> 16);
        buffer[position++] = (byte) (value >>> 8);
        buffer[position++] = (byte) value;
    }

    /** Unsigned LEB128. */
    public void writeVarLong(long value) {
        ensure(10);
        long v = value;
        while ((v & ~0x7FL) != 0) {
            buffer[position++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buffer[position++] = (byte) v;
    }

    public void writeVarInt(int value) {
        writeVarLong(Integer.toUnsignedLong(value));
    }

    public void writeZigZag(long value) {
        writeVarLong((value << 1) ^ (value >> 63));
    }

    /** Length + 1 then UTF-8, so that null (length 0) survives. */
    public void writeString(String value) {
        if (value == null) {
            writeVarInt(0);
            return;
        }
        writeString(value, value.length());
    }

    /** The first {@code length} characters of {@code value}, stored as {@link #writeString(String)} stores a string. */
    public void writeString(String value, int length) {
        if (isAscii(value, length)) {
            writeVarInt(length + 1);
            ensure(length);
            for (int i = 0; i < length; i++) {
                buffer[position++] = (byte) value.charAt(i);
            }
            return;
        }
        byte[] bytes = value.substring(0, length).getBytes(StandardCharsets.UTF_8);
        writeVarInt(bytes.length + 1);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, position, bytes.length);
        position += bytes.length;
    }

    public void writeBytes(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, position, bytes.length);
        position += bytes.length;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, position);
    }

    private static boolean isAscii(String value, int length) {
        for (int i = 0; i < length; i++) {
            if (value.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private void ensure(int more) {
        if (position + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, position + more));
        }
    }
}
