package org.rareegress.enrich;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The data-section encoding of the MaxMind DB format (spec: maxmind.github.io/MaxMind-DB), for test
 * fixtures. Java values map to MaxMind types: {@code String} utf8_string, {@code Map<String, ?>} map,
 * {@code List} array, {@code Boolean} boolean, {@code Double} double; unsigned integers need their
 * width spelled out with {@link Uint16}, {@link Uint32} or {@link Uint64}, as the spec types them.
 */
final class MmdbData {
    // Type numbers from the spec; 1 to 7 fit the control byte, the others are "extended" (stored as type - 7).
    private static final int UTF8_STRING = 2;
    private static final int DOUBLE = 3;
    private static final int UINT16 = 5;
    private static final int UINT32 = 6;
    private static final int MAP = 7;
    private static final int UINT64 = 9;
    private static final int ARRAY = 11;
    private static final int BOOLEAN = 14;

    record Uint16(int value) {
    }

    record Uint32(long value) {
    }

    record Uint64(long value) {
    }

    private MmdbData() {
    }

    static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(value, out);
        return out.toByteArray();
    }

    private static void write(Object value, ByteArrayOutputStream out) {
        if (value instanceof String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            control(UTF8_STRING, bytes.length, out);
            out.writeBytes(bytes);
        } else if (value instanceof Map<?, ?> map) {
            control(MAP, map.size(), out);
            map.forEach((key, item) -> {
                write((String) key, out);
                write(item, out);
            });
        } else if (value instanceof List<?> list) {
            control(ARRAY, list.size(), out);
            list.forEach(item -> write(item, out));
        } else if (value instanceof Boolean flag) {
            control(BOOLEAN, flag ? 1 : 0, out); // a boolean's value is its size: no payload
        } else if (value instanceof Double number) {
            control(DOUBLE, 8, out);
            out.writeBytes(ByteBuffer.allocate(8).putDouble(number).array());
        } else if (value instanceof Uint16 number) {
            unsigned(UINT16, number.value(), out);
        } else if (value instanceof Uint32 number) {
            unsigned(UINT32, number.value(), out);
        } else if (value instanceof Uint64 number) {
            unsigned(UINT64, number.value(), out);
        } else {
            throw new IllegalArgumentException("no MaxMind DB type for " + value);
        }
    }

    /** Unsigned integers are big-endian in as few bytes as the value needs (none for zero). */
    private static void unsigned(int type, long value, ByteArrayOutputStream out) {
        int length = (Long.SIZE - Long.numberOfLeadingZeros(value) + 7) / 8;
        control(type, length, out);
        for (int shift = (length - 1) * 8; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift));
        }
    }

    /** The control byte: type in the top 3 bits, size in the low 5, then an extended type byte and size bytes as needed. */
    private static void control(int type, int size, ByteArrayOutputStream out) {
        int sizeField;
        byte[] sizeBytes;
        if (size < 29) {
            sizeField = size;
            sizeBytes = new byte[0];
        } else if (size < 29 + 256) {
            sizeField = 29;
            sizeBytes = new byte[] {(byte) (size - 29)};
        } else if (size < 285 + 65_536) {
            sizeField = 30;
            sizeBytes = new byte[] {(byte) ((size - 285) >>> 8), (byte) (size - 285)};
        } else {
            sizeField = 31;
            int rest = size - 65_821;
            sizeBytes = new byte[] {(byte) (rest >>> 16), (byte) (rest >>> 8), (byte) rest};
        }
        out.write((type <= 7 ? type << 5 : 0) | sizeField);
        if (type > 7) {
            out.write(type - 7);
        }
        out.writeBytes(sizeBytes);
    }
}
