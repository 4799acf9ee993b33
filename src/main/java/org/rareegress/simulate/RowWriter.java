package org.rareegress.simulate;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer with the few appends a JSON row needs: pre-encoded byte pieces, decimal
 * numbers and MDE timestamps. Rows are assembled from bytes prepared once, never through a JSON
 * tree or a String, which is what makes the generator fast. One writer per thread.
 */
final class RowWriter {
    /** Time is counted in the 100 ns ticks Defender uses: 7 fractional digits. */
    static final long TICKS_PER_SECOND = 10_000_000L;
    static final long TICKS_PER_HOUR = 3600 * TICKS_PER_SECOND;
    static final long TICKS_PER_DAY = 24 * TICKS_PER_HOUR;

    private static final byte[] PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    private byte[] buffer = new byte[4096];
    private int length;
    /** yyyy-MM-ddT of two days, by the day's parity: rows mix the event's day and the process start's day before it. */
    private final long[] cachedDay = {Long.MIN_VALUE, Long.MIN_VALUE};
    private final byte[][] cachedDate = new byte[2][11];

    void reset() {
        length = 0;
    }

    int length() {
        return length;
    }

    byte[] buffer() {
        return buffer;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, length);
    }

    RowWriter bytes(byte[] piece) {
        ensure(piece.length);
        System.arraycopy(piece, 0, buffer, length, piece.length);
        length += piece.length;
        return this;
    }

    RowWriter bytes(byte[] piece, int from, int count) {
        ensure(count);
        System.arraycopy(piece, from, buffer, length, count);
        length += count;
        return this;
    }

    RowWriter ascii(String text) {
        return bytes(text.getBytes(StandardCharsets.US_ASCII));
    }

    RowWriter number(long value) {
        if (value >= 0 && value <= Integer.MAX_VALUE) {
            int v = (int) value;
            int count = v < 10 ? 1 : v < 100 ? 2 : v < 1_000 ? 3 : v < 10_000 ? 4 : v < 100_000 ? 5
                    : v < 1_000_000 ? 6 : v < 10_000_000 ? 7 : v < 100_000_000 ? 8 : v < 1_000_000_000 ? 9 : 10;
            ensure(count);
            digits(v, count);
            return this;
        }
        return ascii(Long.toString(value));
    }

    /** {@code 2024-05-01T12:34:56.1234567Z} for ticks since the epoch (no quotes). */
    RowWriter timestamp(long ticks) {
        ensure(28);
        long seconds = Math.floorDiv(ticks, TICKS_PER_SECOND);
        long fraction = Math.floorMod(ticks, TICKS_PER_SECOND);
        long day = Math.floorDiv(seconds, 86_400L);
        int secondOfDay = (int) (seconds - day * 86_400L);
        int slot = (int) (day & 1);
        if (day != cachedDay[slot]) {
            cacheDate(day, slot);
        }
        System.arraycopy(cachedDate[slot], 0, buffer, length, 11);
        length += 11;
        digits(secondOfDay / 3600, 2);
        buffer[length++] = ':';
        digits(secondOfDay / 60 % 60, 2);
        buffer[length++] = ':';
        digits(secondOfDay % 60, 2);
        buffer[length++] = '.';
        digits((int) fraction, 7);
        buffer[length++] = 'Z';
        return this;
    }

    /** The timestamp text alone, for summaries and the truth file. */
    static String formatTicks(long ticks) {
        RowWriter writer = new RowWriter();
        writer.timestamp(ticks);
        return new String(writer.buffer, 0, writer.length, StandardCharsets.US_ASCII);
    }

    /**
     * Writes exactly {@code count} digits of a non-negative {@code value}, zero-padded, two at a time
     * from a table: printing numbers is the largest share of the work per row.
     */
    private void digits(int value, int count) {
        int at = length + count;
        length = at;
        while (count >= 2) {
            int pair = (value % 100) * 2;
            value /= 100;
            buffer[--at] = PAIRS[pair + 1];
            buffer[--at] = PAIRS[pair];
            count -= 2;
        }
        if (count == 1) {
            buffer[--at] = (byte) ('0' + value % 10);
        }
    }

    /** yyyy-MM-ddT of a day since the epoch (Howard Hinnant's civil_from_days), into a cache slot. */
    private void cacheDate(long day, int slot) {
        long z = day + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        int d = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        int m = (int) (mp < 10 ? mp + 3 : mp - 9);
        int y = (int) (yearOfEra + era * 400 + (m <= 2 ? 1 : 0));
        byte[] c = cachedDate[slot];
        c[0] = (byte) ('0' + y / 1000 % 10);
        c[1] = (byte) ('0' + y / 100 % 10);
        c[2] = (byte) ('0' + y / 10 % 10);
        c[3] = (byte) ('0' + y % 10);
        c[4] = '-';
        c[5] = (byte) ('0' + m / 10);
        c[6] = (byte) ('0' + m % 10);
        c[7] = '-';
        c[8] = (byte) ('0' + d / 10);
        c[9] = (byte) ('0' + d % 10);
        c[10] = 'T';
        cachedDay[slot] = day;
    }

    private void ensure(int extra) {
        if (length + extra > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + extra));
        }
    }
}
