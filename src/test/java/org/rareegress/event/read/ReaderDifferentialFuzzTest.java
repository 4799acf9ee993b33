package org.rareegress.event.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rareegress.event.SourceRef;
import org.rareegress.simulate.Columns;
import org.rareegress.simulate.FleetSimulator;
import org.rareegress.simulate.FleetSpec;

/**
 * The fast flat-row path of {@link MdeJsonReader} against the Jackson path it short-cuts: on real
 * simulator rows and on every kind of damage to them (bytes, escapes, non-ASCII, numbers, literals,
 * nesting, whitespace, duplicates, truncation), both must give the same events, the same rejects with
 * the same reasons and the same skips. Reproduce a failure with {@code -Dfuzz.seed=N}.
 */
class ReaderDifferentialFuzzTest {
    private static final int ROUNDS = 30_000;
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-06-02T00:00:00Z"), ZoneOffset.UTC);
    private static final byte[] INTERESTING = bytes("\"\\{}[],: \n\t\r\u007funE+-.0919/bfa");
    private static final String[] VALUES = {"null", "true", "false", "1.5", "-1", "01", "0", "1e5", "1E+2", "-0",
        "65535", "65536", "99999", "123456789012345678901234567", "\"\"", "\"0080\"", "\" 443\"", "\"4444\"", "\"x\"",
        "\"\\u00e9\"", "\"\\/\\b\\f\\n\\r\\t\\\"\\\\\"", "\"\\x\"", "{}", "[]", "[1,{\"a\":[]}]", "{\"Timestamp\":\"x\"}",
        "\"2024-05-31T23:59:59.1234567Z\"", "\"2024-13-01T00:00:00Z\"", "\"203.0.113.9\"", "\"::ffff:198.51.100.7\"",
        "\"DeviceNetworkEvents\"", "\"DeviceProcessEvents\"", "\"Tcp\"", "\"é\"", "\"Zoom®.exe\"", "\"\uD83D\uDE00\"",
        "\"€\\\\x\""};

    private final MdeJsonReader fast = reader(true);
    private final MdeJsonReader jackson = reader(false);

    @Test
    void simulatorRowsTakeTheFastPath() {
        FlatRowScanner scanner = new FlatRowScanner(true);
        for (byte[] row : simulatorRows()) {
            assertThat(scanner.scan(row, new EventFields())).as(new String(row, StandardCharsets.UTF_8)).isTrue();
        }
    }

    @Test
    void simulatorRowsGiveTheSameEventsBothWays() {
        for (byte[] row : simulatorRows()) {
            assertSame(row, 0);
        }
    }

    @Test
    void damagedRowsGiveTheSameOutcomeBothWays() {
        long seed = Long.getLong("fuzz.seed", 20240601L);
        Random random = new Random(seed);
        List<byte[]> all = simulatorRows();
        List<byte[]> seeds = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 7) {
            seeds.add(all.get(i));
        }
        int fastPathTaken = 0;
        FlatRowScanner scanner = new FlatRowScanner(true);
        for (int round = 0; round < ROUNDS; round++) {
            byte[] input = seeds.get(random.nextInt(seeds.size()));
            int damages = 1 + random.nextInt(3);
            for (int d = 0; d < damages; d++) {
                input = damage(random, input);
            }
            try {
                assertSame(input, round);
            } catch (AssertionError failure) {
                throw new AssertionError("fuzz.seed=" + seed + " round=" + round + " input(base64)="
                        + Base64.getEncoder().encodeToString(input) + "\n" + new String(input, StandardCharsets.UTF_8)
                        + "\n" + failure.getMessage(), failure);
            }
            fastPathTaken += scanner.scan(input, new EventFields()) ? 1 : 0;
        }
        // Both sides of the fast path's decision must be exercised, or the comparison proves little.
        assertThat(fastPathTaken).isBetween(ROUNDS / 10, ROUNDS - ROUNDS / 10);
    }

    private void assertSame(byte[] input, long offset) {
        RecordingSink viaFast = new RecordingSink();
        RecordingSink viaJackson = new RecordingSink();
        SourceRef source = SourceRef.kafka("t", 0, offset);

        fast.read(input, source, viaFast);
        jackson.read(input, source, viaJackson);

        assertThat(viaFast.events).isEqualTo(viaJackson.events);
        assertThat(viaFast.rejects).isEqualTo(viaJackson.rejects);
        assertThat(viaFast.skips).isEqualTo(viaJackson.skips);
    }

    static byte[] damage(Random random, byte[] input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = input.length == 0 ? 0 : random.nextInt(input.length);
        switch (random.nextInt(8)) {
            case 0 -> {
                byte[] copy = input.clone();
                if (copy.length > 0) {
                    copy[at] = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : INTERESTING[random.nextInt(INTERESTING.length)];
                }
                return copy;
            }
            case 1 -> {
                int resume = Math.min(input.length, at + 1 + random.nextInt(3));
                out.write(input, 0, at);
                out.write(input, resume, input.length - resume);
                return out.toByteArray();
            }
            case 2 -> {
                out.write(input, 0, at);
                out.writeBytes(random.nextBoolean() ? bytes(" ") : bytes(random.nextBoolean() ? "\n\t" : "\r"));
                out.write(input, at, input.length - at);
                return out.toByteArray();
            }
            case 3 -> {
                return java.util.Arrays.copyOf(input, at);
            }
            default -> {
                return replaceValue(random, input);
            }
        }
    }

    /** Replaces the value after a random {@code ":"} with a hostile one, or duplicates a field. */
    private static byte[] replaceValue(Random random, byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        List<Integer> colons = new ArrayList<>();
        for (int i = text.indexOf("\":"); i >= 0; i = text.indexOf("\":", i + 1)) {
            colons.add(i + 2);
        }
        if (colons.isEmpty()) {
            return input;
        }
        int start = colons.get(random.nextInt(colons.size()));
        int end = valueEnd(text, start);
        String replacement = random.nextInt(5) == 0
                ? text.substring(start, end) + "," + text.substring(text.lastIndexOf('"', text.lastIndexOf('"', start - 2) - 1), end)
                : VALUES[random.nextInt(VALUES.length)];
        return bytes(text.substring(0, start) + replacement + text.substring(end));
    }

    private static int valueEnd(String text, int start) {
        if (start < text.length() && text.charAt(start) == '"') {
            int i = start + 1;
            while (i < text.length() && text.charAt(i) != '"') {
                i += text.charAt(i) == '\\' ? 2 : 1;
            }
            return Math.min(text.length(), i + 1);
        }
        int i = start;
        while (i < text.length() && text.charAt(i) != ',' && text.charAt(i) != '}') {
            i++;
        }
        return i;
    }

    static List<byte[]> simulatorRows() {
        List<byte[]> rows = new ArrayList<>();
        FleetSimulator simulator = new FleetSimulator(new FleetSpec(12, 2, 40, 5, Instant.parse("2024-06-01T00:00:00Z"),
                Duration.ZERO));
        try {
            simulator.generate((row, length, ticks, deviceId) -> rows.add(java.util.Arrays.copyOf(row, length)));
            simulator.generate(Columns.HUNT.project((row, length, ticks, deviceId) -> rows.add(java.util.Arrays.copyOf(row, length))));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return rows;
    }

    private static MdeJsonReader reader(boolean fastPath) {
        return new MdeJsonReader(new EventValidator(CLOCK, Duration.ofDays(1)), 1 << 20, 100, true, true, fastPath, null);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
