package org.rareegress.event.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.rareegress.config.Settings;
import org.rareegress.detect.EgressFilter;
import org.rareegress.detect.FilterOutcome;
import org.rareegress.detect.FilterSettings;
import org.rareegress.detect.Ipv4Ranges;
import org.rareegress.event.DeadLetter;
import org.rareegress.event.EarlyDrop;
import org.rareegress.event.NetworkEvent;
import org.rareegress.event.ReadSink;
import org.rareegress.event.SourceRef;

/**
 * Rows dropped from their bytes ({@link EarlyDrop}) against the same rows read whole and judged by the filter: on
 * real simulator rows and on hostile values in every field the drop or the validation looks at, the reader with
 * the early drop must report exactly what the whole path gives, where an event the filter drops by any clause may
 * come as a drop (same time, source and reason) instead. Every invalid row must still be
 * rejected with the same reason. Reproduce a failure with {@code -Dfuzz.seed=N}.
 */
class EarlyDropDifferentialTest {
    private static final int ROUNDS = 40_000;
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-06-02T00:00:00Z"), ZoneOffset.UTC);
    private static final String[] FIELDS = {"Timestamp", "TimeGenerated", "DeviceId", "DeviceName", "ActionType",
        "Protocol", "RemoteIPType", "RemoteIP", "RemoteUrl", "InitiatingProcessFileName", "InitiatingProcessMD5",
        "InitiatingProcessSHA256", "InitiatingProcessCommandLine", "InitiatingProcessFolderPath", "Type", "RemotePort"};
    private static final String[] VALUES = {"null", "\"\"", "1", "\"Tcp\"", "\"Udp\"", "\"tcp\"", "\"T\\/cp\"",
        "\"Tcp\\n\"", "\"ConnectionSuccess\"", "\"ConnectionFailed\"", "\"Public\"", "\"Private\"", "\"Pub\\u006cic\"",
        "\"Públic\"", "\"Tcp€\"", "\"x\\ny\"", "\"a\\tb.exe\"", "\"naïve.exe\"", "\"2024-05-31T23:59:59.1234567Z\"",
        "\"2024-05-31T23:59:59Z\"", "\"2024-05-31T23:59:59.Z\"", "\"2024-05-31T23:59:59.1234567890Z\"",
        "\"2024-05-31T23:59:59+00:00\"", "\"2024-05-31 23:59:59Z\"", "\"2024-02-30T00:00:00Z\"", "\"1969-12-31T23:59:59Z\"",
        "\"2099-01-01T00:00:00Z\"", "\"2024-06-02T23:59:59Z\"", "\"2024-06-03T00:00:01Z\"", "\"2024\\/05\"",
        "\"e26fbbd96115cea9d139093d7fadce2d\"", "\"E26FBBD96115CEA9D139093D7FADCE2D\"", "\"e26fbbd96115cea9d139093d7fadce2z\"",
        "\"e26fbbd96115cea9d139093d7fadce2\"", "\"f1a443029825b739f1f7ab5856e72b49c5e29c9938821ee49aa4e6c5b6ba2c4c\"",
        "\"1.2.3.4\"", "\"01.2.3.4\"", "\"1.2.3\"", "\"256.1.1.1\"", "\"::1\"", "\"::ffff:1.2.3.4\"", "\"1.2.3.4 \"",
        "\"1.2.3.4\\/\"", "\"fe80::1%eth0\"", "\"255.255.255.255\"", "\"DeviceNetworkEvents\"", "\"DeviceProcessEvents\"",
        "\"DeviceNetworkEvent\\u0073\"", "\"Device\\/NetworkEvents\"", "\"http:\\/\\/x\"", "\"\\\\\"", "\"" + "d".repeat(257) + "\"",
        "\"" + "é".repeat(200) + "\"", "\"" + "a".repeat(261) + ".exe\"", "\"" + "x".repeat(1025) + "\"", "\"" + "é".repeat(600) + "\"",
        // The later clauses: addresses, process names and ports the filter drops, keeps or cannot judge.
        "\"2001:db8::1\"", "\"::ffff:10.1.2.3\"", "\"10.1.2.3\"", "\"10.255.255.255\"", "\"11.0.0.0\"", "\"0.0.0.0\"",
        "\"1.2.3.4:80\"", "\"msedge.exe\"", "\"MSEdge.EXE\"", "\"chrome.exe\"", "\"xchrome.exe\"", "\"evil.exe\"",
        "\"evil.EXE\"", "\"evil.dll\"", "\"evil.ex\"", "\".exe\"", "\"exe\"", "\"ev\\u0069l.exe\"", "\"firefox.exe\\n\"",
        "\"évil.exe\"", "\"e\\\\vil.exe\"", "80", "443", "\"443\"", "8443", "0", "65535", "65536", "\"\"", "-1", "4.43e2"};

    private final EventValidator validator = new EventValidator(CLOCK, Duration.ofDays(1));
    private final FilterSettings defaults = Settings.defaults().filter();

    @Test
    void simulatorRowsAreDroppedEarlyWheneverTheFilterDropsThemByAnEarlyClause() {
        EgressFilter filter = new EgressFilter(defaults);
        Outcomes early = new Outcomes(filter);
        Outcomes whole = new Outcomes(filter);
        MdeJsonReader withDrop = reader(EgressFilter.earlyDrop(defaults));
        MdeJsonReader without = reader(null);
        long offset = 0;
        for (byte[] row : ReaderDifferentialFuzzTest.simulatorRows()) {
            SourceRef source = SourceRef.kafka("t", 0, offset++);
            withDrop.read(row, source, early);
            without.read(row, source, whole);
        }

        assertThat(early.seen).isEqualTo(whole.seen);
        assertThat(early.droppedEarly).isGreaterThan(0).isEqualTo(whole.droppableEarly);
    }

    @Test
    void hostileRowsGiveTheSameOutcomesWithTheDefaultFilter() {
        Set<EarlyDrop.Clause> dropped = fuzz(defaults, Long.getLong("fuzz.seed", 20241205L));

        // Every clause but the networks (none are excluded by default) was decided from the bytes at least once.
        assertThat(dropped).containsAll(java.util.EnumSet.complementOf(java.util.EnumSet.of(EarlyDrop.Clause.EXCLUDED_NETWORK)));
    }

    @Test
    void hostileRowsGiveTheSameOutcomesWithOtherClauses() {
        // Accepting the simulator's Tcp and Public too, so that rows reach the later clauses.
        FilterSettings other = new FilterSettings(Set.of("Udp", "Tcp€", "Tcp"), Set.of("ConnectionSuccess", "ConnectionFailed"),
                Set.of("Private", "Públic", "Public"), false, Ipv4Ranges.parse(List.of("10.0.0.0/8", "0.0.0.0/32")), ".EXE",
                Pattern.compile("^evil\\.exe$"), Set.of(8443, 0, 65535));
        Set<EarlyDrop.Clause> dropped = fuzz(other, Long.getLong("fuzz.seed", 20241206L));

        assertThat(dropped).contains(EarlyDrop.Clause.EXCLUDED_NETWORK, EarlyDrop.Clause.PROCESS_SUFFIX,
                EarlyDrop.Clause.EXCLUDED_PROCESS, EarlyDrop.Clause.EXCLUDED_PORT, EarlyDrop.Clause.NOT_IPV4);
    }

    /** The records of a Streaming-API envelope go through the same early drop as rows, each with its index. */
    @Test
    void envelopesOfHostileRowsGiveTheSameOutcomes() {
        long seed = Long.getLong("fuzz.seed", 20241207L);
        EgressFilter filter = new EgressFilter(defaults);
        MdeJsonReader withDrop = reader(EgressFilter.earlyDrop(defaults));
        MdeJsonReader without = reader(null);
        Random random = new Random(seed);
        List<byte[]> rows = ReaderDifferentialFuzzTest.simulatorRows();
        long droppedEarly = 0;
        long droppable = 0;
        for (int round = 0; round < ROUNDS / 4; round++) {
            List<byte[]> changed = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                byte[] row = rows.get(random.nextInt(rows.size()));
                changed.add(random.nextBoolean() ? row : setField(random, row));
            }
            byte[] input = ReaderDifferentialFuzzTest.envelope(random, changed);
            Outcomes[] both = readBoth(filter, withDrop, without, input, seed, round);
            droppedEarly += both[0].droppedEarly;
            droppable += both[1].droppableEarly;
        }
        assertThat(droppedEarly).isGreaterThan(ROUNDS / 10L);
        assertThat(droppable - droppedEarly).isGreaterThan(ROUNDS / 1000L);
    }

    @Test
    void noEarlyDropWhenAnAcceptedValueIsNoValidUnicode() {
        EarlyDrop lonelySurrogate = new EarlyDrop(Set.of("\uD800"), Set.of("ConnectionSuccess"), Set.of("Public"), true);

        assertThat(EarlyDropRows.of(validator, lonelySurrogate)).isNull();
        assertThat(EarlyDropRows.of(validator, EgressFilter.earlyDrop(defaults))).isNotNull();
    }

    private Set<EarlyDrop.Clause> fuzz(FilterSettings settings, long seed) {
        EgressFilter filter = new EgressFilter(settings);
        MdeJsonReader withDrop = reader(EgressFilter.earlyDrop(settings));
        MdeJsonReader without = reader(null);
        Random random = new Random(seed);
        List<byte[]> rows = ReaderDifferentialFuzzTest.simulatorRows();
        long droppedEarly = 0;
        long droppable = 0;
        Set<EarlyDrop.Clause> clauses = java.util.EnumSet.noneOf(EarlyDrop.Clause.class);
        for (int round = 0; round < ROUNDS; round++) {
            byte[] input = rows.get(random.nextInt(rows.size()));
            int changes = 1 + random.nextInt(3);
            for (int c = 0; c < changes; c++) {
                input = random.nextInt(4) == 0 ? ReaderDifferentialFuzzTest.damage(random, input) : setField(random, input);
            }
            Outcomes[] both = readBoth(filter, withDrop, without, input, seed, round);
            droppedEarly += both[0].droppedEarly;
            droppable += both[1].droppableEarly;
            clauses.addAll(both[0].clausesDroppedEarly);
        }
        // Both sides of the early decision must be exercised, or the comparison proves little.
        assertThat(droppedEarly).isBetween(ROUNDS / 10L, ROUNDS - ROUNDS / 10L);
        assertThat(droppable - droppedEarly).isGreaterThan(ROUNDS / 100L);
        return clauses;
    }

    /** {@code input} read with and without the early drop: {early, whole}, which must have seen the same. */
    private static Outcomes[] readBoth(EgressFilter filter, MdeJsonReader withDrop, MdeJsonReader without, byte[] input,
                                       long seed, int round) {
        Outcomes early = new Outcomes(filter);
        Outcomes whole = new Outcomes(filter);
        SourceRef source = SourceRef.kafka("t", 0, round);
        withDrop.read(input, source, early);
        without.read(input, source, whole);
        if (!early.seen.equals(whole.seen)) {
            throw new AssertionError("fuzz.seed=" + seed + " round=" + round + " input(base64)="
                    + Base64.getEncoder().encodeToString(input) + "\n" + new String(input, StandardCharsets.UTF_8)
                    + "\nearly drop: " + early.seen + "\nwhole:      " + whole.seen);
        }
        return new Outcomes[] {early, whole};
    }

    /** Sets one used field (replacing it, or adding it again at the end) to a hostile value. */
    private static byte[] setField(Random random, byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        String field = FIELDS[random.nextInt(FIELDS.length)];
        String value = VALUES[random.nextInt(VALUES.length)];
        int key = text.indexOf("\"" + field + "\":");
        int close = text.lastIndexOf('}');
        if (key < 0 || close < 0 || random.nextInt(6) == 0) {
            return close < 0 ? input : bytes(text.substring(0, close) + ",\"" + field + "\":" + value + text.substring(close));
        }
        int start = key + field.length() + 3;
        int end = start;
        if (end < text.length() && text.charAt(end) == '"') {
            end++;
            while (end < text.length() && text.charAt(end) != '"') {
                end += text.charAt(end) == '\\' ? 2 : 1;
            }
            end = Math.min(text.length(), end + 1);
        } else {
            while (end < text.length() && text.charAt(end) != ',' && text.charAt(end) != '}') {
                end++;
            }
        }
        return bytes(text.substring(0, start) + value + text.substring(end));
    }

    private MdeJsonReader reader(EarlyDrop drop) {
        return new MdeJsonReader(validator, 1 << 20, 100, true, true, true, drop);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * What a reader reported, in order, as the topology would count it: an event the filter drops by an early
     * clause and an early drop both become "dropped at T from S by R"; other events, rejects and skips as they are.
     */
    private static final class Outcomes implements ReadSink {
        private static final Set<FilterOutcome> EARLY = Arrays.stream(EarlyDrop.Clause.values())
                .map(EgressFilter::outcome).collect(Collectors.toSet());
        private final EgressFilter filter;
        final List<Object> seen = new ArrayList<>();
        final Set<EarlyDrop.Clause> clausesDroppedEarly = java.util.EnumSet.noneOf(EarlyDrop.Clause.class);
        long droppedEarly;
        long droppableEarly;

        Outcomes(EgressFilter filter) {
            this.filter = filter;
        }

        @Override
        public void event(NetworkEvent event) {
            FilterOutcome outcome = filter.evaluate(event);
            if (EARLY.contains(outcome)) {
                droppableEarly++;
                seen.add(List.of("dropped", event.timestampNanos(), event.source(), outcome));
            } else {
                seen.add(event);
            }
        }

        @Override
        public void dropped(long timestampNanos, SourceRef source, EarlyDrop.Clause clause) {
            droppedEarly++;
            clausesDroppedEarly.add(clause);
            seen.add(List.of("dropped", timestampNanos, source, EgressFilter.outcome(clause)));
        }

        @Override
        public void reject(DeadLetter deadLetter) {
            seen.add(deadLetter);
        }

        @Override
        public void skip(String what) {
            seen.add("skip " + what);
        }
    }
}
