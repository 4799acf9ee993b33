package org.rareegress.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {
    private static final long BASE = Instant.parse("2024-05-01T10:00:00Z").getEpochSecond() * 1_000_000_000L;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "2024-05-01T10:00:00Z, 0",
            "2024-05-01T10:00:00.1Z, 100000000",
            "2024-05-01T10:00:00.12Z, 120000000",
            "2024-05-01T10:00:00.123Z, 123000000",
            "2024-05-01T10:00:00.1234Z, 123400000",
            "2024-05-01T10:00:00.12345Z, 123450000",
            "2024-05-01T10:00:00.123456Z, 123456000",
            "2024-05-01T10:00:00.1234567Z, 123456700",
            "2024-05-01T10:00:00.12345678Z, 123456780",
            "2024-05-01T10:00:00.123456789Z, 123456789",
            "2024-05-01T10:00:00.000000001Z, 1",
            "2024-05-01T10:00:00.9999999Z, 999999900"})
    void readsZeroToNineFractionalDigits(String text, long nanosAfterBase) {
        long nanos = Timestamps.parseNanos(text);

        assertThat(nanos).isEqualTo(BASE + nanosAfterBase);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2024-05-01T12:00:00+02:00", "2024-05-01T05:30:00-04:30", "2024-05-01T10:00:00+00:00",
            "2024-05-01T10:00:00-00:00", "2024-05-02T00:00:00+14:00", "2024-05-01T10:00:00", "2024-05-01T10:00"})
    void readsOffsetsAndTimesWithoutZoneAsUtc(String text) {
        long nanos = Timestamps.parseNanos(text);

        assertThat(nanos).isEqualTo(BASE);
    }

    @Test
    void readsFractionsWithAnOffset() {
        long nanos = Timestamps.parseNanos("2024-05-01T12:00:00.1234567+02:00");

        assertThat(nanos).isEqualTo(BASE + 123_456_700);
    }

    @Test
    void readsFractionsWithoutZone() {
        long nanos = Timestamps.parseNanos("2024-05-01T10:00:00.1234567");

        assertThat(nanos).isEqualTo(BASE + 123_456_700);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2024-02-29T00:00:00Z", "2000-02-29T00:00:00Z", "2024-02-29T23:59:59.9999999Z",
            "2024-02-29T12:00:00+01:00", "2024-02-29T12:00:00"})
    void readsLeapDays(String text) {
        long nanos = Timestamps.parseNanos(text);

        assertThat(Timestamps.format(nanos)).contains("-02-29T");
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {"2023-02-29T00:00:00Z", "2100-02-29T00:00:00Z", "2024-02-30T00:00:00Z",
            "2024-04-31T00:00:00Z", "2024-13-01T00:00:00Z", "2024-00-01T00:00:00Z", "2024-05-00T00:00:00Z",
            "2024-05-01T24:00:00Z", "2024-05-01T10:60:00Z", "2024-05-01T10:00:60Z",
            "2024-05-01T10:00:00.1234567890Z", "2024-05-01 10:00:00Z", "2024-05-01", "05/01/2024 10:00",
            "1714557600", "2024-05-01T10:00:00 Z", "2024-05-01T10:00:00+25:00", "2024-5-1T10:00:00Z",
            "２０２４-05-01T10:00:00Z", "", "Z", "2024-05-01T10:00:00ZZ", "2024-05-01T10:00:00.-1Z"})
    void rejectsOtherForms(String text) {
        assertThatThrownBy(() -> Timestamps.parseNanos(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Timestamp is not an ISO-8601 date-time: '");
    }

    @Test
    void rejectsTimesBefore1970() {
        assertThatThrownBy(() -> Timestamps.parseNanos("1969-12-31T23:59:59.9999999Z"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Timestamp is before 1970");
    }

    @Test
    void rejectsAnOffsetThatMovesTheTimeBefore1970() {
        assertThatThrownBy(() -> Timestamps.parseNanos("1970-01-01T00:30:00+01:00"))
                .hasMessageStartingWith("Timestamp is before 1970");
    }

    @Test
    void readsTheEpochAsZero() {
        assertThat(Timestamps.parseNanos("1970-01-01T00:00:00Z")).isZero();
    }

    @Test
    void readsTimesUpTo2262() {
        long nanos = Timestamps.parseNanos("2262-01-01T00:00:00Z");

        assertThat(Timestamps.format(nanos)).isEqualTo("2262-01-01T00:00:00Z");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2262-04-12T00:00:00Z", "2300-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
            "+10000-01-01T00:00:00Z"})
    void rejectsTimesNanosecondsCannotHold(String text) {
        assertThatThrownBy(() -> Timestamps.parseNanos(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Timestamp is after 2262");
    }

    @Test
    void abbreviatesAHugeTimestampInTheReason() {
        String huge = "x".repeat(10_000);

        assertThatThrownBy(() -> Timestamps.parseNanos(huge))
                .hasMessage("Timestamp is not an ISO-8601 date-time: '" + "x".repeat(64) + "...'");
    }

    @Test
    void agreesWithJavaTimeOnRandomTimestampsOfEveryPrecision() {
        long seed = 7L;
        Random random = new Random(seed);
        long max = Instant.parse("2261-12-31T23:59:59Z").getEpochSecond();

        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond((long) (random.nextDouble() * max), random.nextInt(1_000_000_000));
            int digits = random.nextInt(10);
            String text = instant.toString().substring(0, 19) + fraction(instant.getNano(), digits) + "Z";
            long expected = instant.getEpochSecond() * 1_000_000_000L + truncate(instant.getNano(), digits);

            assertThat(Timestamps.parseNanos(text)).as("%s (seed %d)", text, seed).isEqualTo(expected);
        }
    }

    @Test
    void formatsAsInstantPrints() {
        String text = Timestamps.format(BASE + 123_456_700);

        assertThat(text).isEqualTo("2024-05-01T10:00:00.123456700Z");
        assertThat(Timestamps.parseNanos(text)).isEqualTo(BASE + 123_456_700);
    }

    @Test
    void convertsToMillisRoundingDown() {
        assertThat(Timestamps.toMillis(1_999_999)).isEqualTo(1);
        assertThat(Timestamps.toMillis(-1)).isEqualTo(-1);
    }

    private static String fraction(int nanos, int digits) {
        if (digits == 0) {
            return "";
        }
        return "." + String.format("%09d", nanos).substring(0, digits);
    }

    @Test
    void bytesGiveWhatTheTextGivesOrStepAside() {
        Random random = new Random(14);
        String[] seeds = {"2024-05-01T10:00:00Z", "2024-05-01T10:00:00.1234567Z", "2024-02-29T23:59:59.999999999Z",
            "1970-01-01T00:00:00Z", "2261-12-31T23:59:59Z", "2023-02-29T00:00:00Z", "2024-05-01T10:00:00+02:00",
            "2024-05-01T10:00:00", "2024-05-01 10:00:00Z", "2024-05-01T10:00:00.Z", "2024-05-01T10:00:00.1234567890Z"};
        String alphabet = "0123456789-:TZ.+ x";
        int fast = 0;
        for (int round = 0; round < 200_000; round++) {
            StringBuilder text = new StringBuilder(seeds[random.nextInt(seeds.length)]);
            for (int change = random.nextInt(3); change > 0 && text.length() > 0; change--) {
                int at = random.nextInt(text.length());
                switch (random.nextInt(3)) {
                    case 0 -> text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> text.deleteCharAt(at);
                    default -> text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            byte[] padded = ("[" + text + "]").getBytes(java.nio.charset.StandardCharsets.US_ASCII);

            long fromBytes = Timestamps.parseUtcFast(padded, 1, padded.length - 1);

            if (fromBytes != Long.MIN_VALUE) {
                fast++;
                assertThat(fromBytes).as(text.toString()).isEqualTo(Timestamps.parseNanos(text.toString()));
            }
        }
        assertThat(fast).isGreaterThan(20_000);
    }

    private static long truncate(int nanos, int digits) {
        long scale = (long) Math.pow(10, 9 - digits);
        return nanos / scale * scale;
    }
}
