package org.rareegress.event.read;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte searches eight bytes at a time (SWAR: a {@code long} per step and the classic zero-byte bit
 * trick) for the two scans every input line pays for: its line end, and the end of each JSON string.
 * A scalar loop over ~700-byte rows was the largest cost of reading them.
 */
public final class ByteScan {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = ONES * '"';
    private static final long BACKSLASHES = ONES * '\\';
    private static final long SPACES = ONES * 0x20;

    private ByteScan() {
    }

    /** The first index in {@code [from, to)} holding {@code target}, or -1. */
    public static int indexOf(byte[] bytes, int from, int to, byte target) {
        long pattern = ONES * (target & 0xff);
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long x = (long) LONGS.get(bytes, i) ^ pattern;
            // A byte of x is zero exactly where target is; false hits can only lie above the first true one.
            long found = (x - ONES) & ~x & HIGHS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (bytes[i] == target) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The first index in {@code [from, to)} whose byte ends plain string content: a quote, a backslash,
     * a control character (below 0x20) or a byte past ASCII; {@code to} when there is none.
     */
    static int stringStop(byte[] bytes, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long x = (long) LONGS.get(bytes, i);
            long quote = x ^ QUOTES;
            long backslash = x ^ BACKSLASHES;
            long found = (((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | ((x - SPACES) & ~x) | x) & HIGHS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            byte c = bytes[i];
            if (c == '"' || c == '\\' || c < 0x20) {
                return i;
            }
        }
        return to;
    }

    /**
     * Whether {@code bytes[from, from + word.length)} holds {@code word} (the caller knows the range is in bounds):
     * eight bytes a compare, the last eight overlapping, since field names are short and nearly all of them match.
     */
    static boolean regionEquals(byte[] bytes, int from, byte[] word) {
        int length = word.length;
        if (length < Long.BYTES) {
            for (int k = 0; k < length; k++) {
                if (bytes[from + k] != word[k]) {
                    return false;
                }
            }
            return true;
        }
        int k = 0;
        for (; k + Long.BYTES < length; k += Long.BYTES) {
            if ((long) LONGS.get(bytes, from + k) != (long) LONGS.get(word, k)) {
                return false;
            }
        }
        int last = length - Long.BYTES;
        return (long) LONGS.get(bytes, from + last) == (long) LONGS.get(word, last);
    }
}
