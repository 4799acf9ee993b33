package org.rareegress.event;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Event-time parsing and printing. Times are {@code long} nanoseconds since the epoch, which holds
 * every MDE timestamp (100 ns ticks) exactly and reaches the year 2262.
 */
public final class Timestamps {
    public static final long NANOS_PER_MILLI = 1_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long SECONDS_PER_DAY = 86_400L;
    private static final int MAX_YEAR = 2261;

    private Timestamps() {
    }

    /**
     * Parses ISO-8601 date-times: {@code 2024-05-01T12:00:00.1234567Z}, with 0 to 9 fractional
     * digits and {@code Z}, a numeric offset, or no zone (read as UTC, as Log Analytics exports omit it).
     *
     * @throws IllegalArgumentException with a reason fit for the dead-letter topic
     */
    public static long parseNanos(String text) {
        long fast = parseUtcFast(text);
        if (fast != Long.MIN_VALUE) {
            return fast;
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                instant = java.time.LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                        .toInstant(java.time.ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                throw new IllegalArgumentException("Timestamp is not an ISO-8601 date-time: '" + abbreviate(text) + "'");
            }
        }
        return toNanos(instant);
    }

    public static long toNanos(Instant instant) {
        if (instant.getEpochSecond() < 0) {
            throw new IllegalArgumentException("Timestamp is before 1970: " + instant);
        }
        if (instant.getEpochSecond() >= Long.MAX_VALUE / NANOS_PER_SECOND - 1) {
            throw new IllegalArgumentException("Timestamp is after 2262: " + instant);
        }
        return instant.getEpochSecond() * NANOS_PER_SECOND + instant.getNano();
    }

    public static Instant toInstant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
    }

    /** ISO-8601 in UTC, as {@link Instant#toString()} prints it. */
    public static String format(long nanos) {
        return toInstant(nanos).toString();
    }

    public static long toMillis(long nanos) {
        return Math.floorDiv(nanos, NANOS_PER_MILLI);
    }

    /** The common {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} without allocation; MIN_VALUE when it is another form. */
    private static long parseUtcFast(String s) {
        int length = s.length();
        if (length < 20 || length > 30 || s.charAt(length - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-'
                || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return Long.MIN_VALUE;
        }
        long fraction = 0;
        int position = 19;
        if (position < length - 1) {
            if (s.charAt(position) != '.') {
                return Long.MIN_VALUE;
            }
            int fractionDigits = length - 1 - (position + 1);
            if (fractionDigits < 1 || fractionDigits > 9) {
                return Long.MIN_VALUE;
            }
            int value = digits(s, position + 1, fractionDigits);
            if (value < 0) {
                return Long.MIN_VALUE;
            }
            fraction = value;
            for (int i = fractionDigits; i < 9; i++) {
                fraction *= 10;
            }
        }
        if (year < 1970 || year > MAX_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
                || hour > 23 || minute > 59 || second > 59) {
            // Let the full parser produce the precise complaint (or accept what it accepts).
            return Long.MIN_VALUE;
        }
        long days = daysFromCivil(year, month, day);
        long seconds = days * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second;
        return seconds * NANOS_PER_SECOND + fraction;
    }

    /**
     * {@code parseNanos} of the ASCII text in {@code bytes[from, to)} for the one form nearly every row has
     * (UTC, {@code Z}, 0 to 9 fractional digits, a valid date): the same value, without a String; otherwise
     * {@link Long#MIN_VALUE}, and the caller reads the text as a String (which gives any complaint).
     */
    public static long parseUtcFast(byte[] bytes, int from, int to) {
        int length = to - from;
        if (length < 20 || length > 30 || bytes[to - 1] != 'Z' || bytes[from + 4] != '-' || bytes[from + 7] != '-'
                || bytes[from + 10] != 'T' || bytes[from + 13] != ':' || bytes[from + 16] != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(bytes, from, 4);
        int month = digits(bytes, from + 5, 2);
        int day = digits(bytes, from + 8, 2);
        int hour = digits(bytes, from + 11, 2);
        int minute = digits(bytes, from + 14, 2);
        int second = digits(bytes, from + 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return Long.MIN_VALUE;
        }
        long fraction = 0;
        if (length > 20) {
            int fractionDigits = length - 21;
            if (bytes[from + 19] != '.' || fractionDigits < 1 || fractionDigits > 9) {
                return Long.MIN_VALUE;
            }
            int value = digits(bytes, from + 20, fractionDigits);
            if (value < 0) {
                return Long.MIN_VALUE;
            }
            fraction = value;
            for (int i = fractionDigits; i < 9; i++) {
                fraction *= 10;
            }
        }
        if (year < 1970 || year > MAX_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
                || hour > 23 || minute > 59 || second > 59) {
            return Long.MIN_VALUE;
        }
        long seconds = daysFromCivil(year, month, day) * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second;
        return seconds * NANOS_PER_SECOND + fraction;
    }

    private static int digits(byte[] bytes, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private static int digits(String s, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            int digit = s.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
    private static long daysFromCivil(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468L;
    }

    public static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
