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
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
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
    /** {@code input.format=envelope}: no rows, so a row is the Jackson path's to reject. */
    private final MdeJsonReader fastEnvelopes = envelopeReader(true);
    private final MdeJsonReader jacksonEnvelopes = envelopeReader(false);

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
        List<byte[]> all = simulatorRows();
        List<byte[]> seeds = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 7) {
            seeds.add(all.get(i));
        }
        FlatRowScanner scanner = new FlatRowScanner(true);
        int fastPathTaken = fuzz(seed, random -> seeds.get(random.nextInt(seeds.size())), random -> 1 + random.nextInt(3),
                input -> scanner.scan(input, new EventFields()));
        // Both sides of the fast path's decision must be exercised, or the comparison proves little.
        assertThat(fastPathTaken).isBetween(ROUNDS / 10, ROUNDS - ROUNDS / 10);
    }

    @Test
    void simulatorEnvelopesTakeTheFastPath() {
        FlatRowScanner scanner = new FlatRowScanner(true);
        Random random = new Random(7);
        List<byte[]> rows = simulatorRows();
        for (int i = 0; i < 500; i++) {
            byte[] envelope = envelope(random, rows);
            assertThat(scanner.scanEnvelope(envelope, new ScannedEnvelope())).as(new String(envelope, StandardCharsets.UTF_8))
                    .isTrue();
        }
    }

    @Test
    void simulatorEnvelopesGiveTheSameOutcomeBothWays() {
        Random random = new Random(11);
        List<byte[]> rows = simulatorRows();
        int items = 0;
        for (int i = 0; i < 2_000; i++) {
            byte[] envelope = envelope(random, rows);
            items += assertSame(envelope, i);
        }
        assertThat(items).as("events and skips read from the envelopes").isGreaterThan(3_000);
    }

    /**
     * Envelopes of simulator rows (a few records, some of another category, with the envelope's own keys) and every
     * kind of damage to them, to the records, their keys and their rows; read as {@code auto}/{@code mde} and as
     * {@code envelope} both ways.
     */
    @Test
    void damagedEnvelopesGiveTheSameOutcomeBothWays() {
        long seed = Long.getLong("fuzz.seed", 20241205L);
        List<byte[]> rows = simulatorRows();
        FlatRowScanner scanner = new FlatRowScanner(true);
        int fastPathTaken = fuzz(seed, random -> envelope(random, rows), random -> random.nextInt(3),
                input -> scanner.scanEnvelope(input, new ScannedEnvelope()));
        assertThat(fastPathTaken).isBetween(ROUNDS / 10, ROUNDS - ROUNDS / 10);
    }

    /**
     * {@link #ROUNDS} inputs from {@code next}, each damaged as often as {@code damages} says, read both ways and
     * compared; how many of them {@code fastPath} takes.
     */
    private int fuzz(long seed, Function<Random, byte[]> next, ToIntFunction<Random> damages, Predicate<byte[]> fastPath) {
        Random random = new Random(seed);
        int taken = 0;
        for (int round = 0; round < ROUNDS; round++) {
            byte[] input = next.apply(random);
            int count = damages.applyAsInt(random);
            for (int d = 0; d < count; d++) {
                input = damage(random, input);
            }
            try {
                assertSame(input, round);
            } catch (AssertionError failure) {
                throw new AssertionError("fuzz.seed=" + seed + " round=" + round + " input(base64)="
                        + Base64.getEncoder().encodeToString(input) + "\n" + new String(input, StandardCharsets.UTF_8)
                        + "\n" + failure.getMessage(), failure);
            }
            taken += fastPath.test(input) ? 1 : 0;
        }
        return taken;
    }

    /** Events plus skips read from {@code input} (the same both ways, or this fails). */
    private int assertSame(byte[] input, long offset) {
        SourceRef source = SourceRef.kafka("t", 0, offset);
        int read = assertSame(fast, jackson, input, source);
        assertSame(fastEnvelopes, jacksonEnvelopes, input, source);
        return read;
    }

    private static int assertSame(MdeJsonReader fastReader, MdeJsonReader jacksonReader, byte[] input, SourceRef source) {
        RecordingSink viaFast = new RecordingSink();
        RecordingSink viaJackson = new RecordingSink();

        fastReader.read(input, source, viaFast);
        jacksonReader.read(input, source, viaJackson);

        assertThat(viaFast.events).isEqualTo(viaJackson.events);
        assertThat(viaFast.rejects).isEqualTo(viaJackson.rejects);
        assertThat(viaFast.skips).isEqualTo(viaJackson.skips);
        return viaFast.events.size() + viaFast.skips.size();
    }

    /**
     * A Streaming-API envelope of 0 to 5 simulator rows, as Defender writes them: each record with its time,
     * tenant, operation, category (one in six of another table) and the time the service received it.
     */
    static byte[] envelope(Random random, List<byte[]> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes("{\"records\":["));
        int records = random.nextInt(6);
        for (int k = 0; k < records; k++) {
            if (k > 0) {
                out.writeBytes(bytes(","));
            }
            String category = random.nextInt(6) == 0 ? "AdvancedHunting-DeviceProcessEvents"
                    : EnvelopeRecordsReader.NETWORK_CATEGORY;
            out.writeBytes(bytes("{\"time\":\"2024-05-31T23:00:04.7598759Z\",\"tenantId\":"
                    + "\"ce41da2f-38fb-410e-a2a4-530fb6f30855\",\"operationName\":\"Publish\",\"category\":\"" + category
                    + "\",\"_TimeReceivedBySvc\":\"2024-05-31T23:00:54.7834810Z\",\"properties\":"));
            out.writeBytes(rows.get(random.nextInt(rows.size())));
            out.writeBytes(bytes("}"));
        }
        out.writeBytes(bytes("]}"));
        return out.toByteArray();
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
        // One in five duplicates the field (its key, from the quote that opens it); the rest get a hostile value.
        int keyStart = text.lastIndexOf('"', text.lastIndexOf('"', start - 2) - 1);
        String replacement = random.nextInt(5) == 0 && keyStart >= 0
                ? text.substring(start, end) + "," + text.substring(keyStart, end)
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

    private static MdeJsonReader envelopeReader(boolean fastPath) {
        // A cap of 3 dead letters a record, so that envelopes of more bad records than that also meet it.
        return new MdeJsonReader(new EventValidator(CLOCK, Duration.ofDays(1)), 1 << 20, 3, false, true, fastPath, null);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
