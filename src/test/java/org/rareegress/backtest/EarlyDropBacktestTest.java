package org.rareegress.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rareegress.config.Settings;
import org.rareegress.config.SettingsLoader;
import org.rareegress.detect.EgressFilter;
import org.rareegress.detect.FilterOutcome;
import org.rareegress.enrich.Enricher;
import org.rareegress.event.DeadLetter;
import org.rareegress.event.NetworkEvent;
import org.rareegress.event.ReadSink;
import org.rareegress.event.RecordReader;
import org.rareegress.event.SourceRef;
import org.rareegress.event.read.RecordReaders;
import org.rareegress.simulate.FleetSimulator;
import org.rareegress.simulate.FleetSpec;

/**
 * The backtest drops most rows from their bytes (the filter's first clauses, decided by the reader): its counts
 * must be exactly those of reading every row whole and judging it with the filter, on a fleet whose dropped rows
 * include invalid ones (bad hash, IP, timestamp, name, another table), which must still be dead letters.
 */
class EarlyDropBacktestTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-06-02T00:00:00Z"), ZoneOffset.UTC);
    private static final String[][] DAMAGE = {
        {"\"InitiatingProcessMD5\":\"", "\"InitiatingProcessMD5\":\"zz"},
        {"\"RemoteIP\":\"", "\"RemoteIP\":\"1.2.3"},
        {"\"Timestamp\":\"2024", "\"Timestamp\":\"2099"},
        {"\"DeviceName\":\"", "\"DeviceName\":\"a\\nb"},
        {"\"DeviceId\":\"", "\"Type\":\"DeviceProcessEvents\",\"DeviceId\":\""},
        {"\"Timestamp\":\"2024-", "\"Timestamp\":\"2024-\\/"}};

    @TempDir
    Path dir;

    @Test
    void countsWhatReadingEveryRowWholeAndFilteringItCounts() throws IOException {
        Path file = fleetWithBadRows();
        Settings settings = SettingsLoader.load(null, Map.of(), List.of("input.format=mde"));

        Counts expected = reference(settings, file, Long.MAX_VALUE);
        Counts actual = backtest(settings, file, Long.MAX_VALUE);

        assertThat(expected.rejected).as("bad rows among the dropped ones").isGreaterThan(50);
        assertThat(expected.byOutcome.get(FilterOutcome.PROTOCOL)).isPositive();
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void countsAfterAsOfAsBeforeWithAutoFormat() throws IOException {
        Path file = fleetWithBadRows();
        Settings settings = SettingsLoader.load(null, Map.of(), List.of("input.format=auto"));
        long asOf = Instant.parse("2024-05-20T00:00:00Z").getEpochSecond() * 1_000_000_000L;

        Counts expected = reference(settings, file, asOf);
        Counts actual = backtest(settings, file, asOf);

        assertThat(expected.afterAsOf).isPositive();
        assertThat(actual).isEqualTo(expected);
    }

    private Path fleetWithBadRows() throws IOException {
        List<String> lines = new ArrayList<>();
        FleetSimulator simulator = new FleetSimulator(new FleetSpec(20, 30, 40, 7, Instant.parse("2024-06-01T00:00:00Z"),
                Duration.ZERO, false));
        simulator.generate((row, length, ticks, deviceId) -> lines.add(new String(row, 0, length, StandardCharsets.UTF_8)));
        for (int i = 0; i < lines.size(); i += 23) {
            String[] damage = DAMAGE[(i / 23) % DAMAGE.length];
            lines.set(i, lines.get(i).replace(damage[0], damage[1]));
        }
        Path file = dir.resolve("fleet.jsonl");
        Files.write(file, lines);
        return file;
    }

    /** Every row read whole by the reader without an early drop, then judged by the filter, as before. */
    private static Counts reference(Settings settings, Path file, long asOf) throws IOException {
        Counts counts = new Counts();
        EgressFilter filter = new EgressFilter(settings.filter());
        RecordReader reader = RecordReaders.create(settings.input(), CLOCK);
        ReadSink sink = new ReadSink() {
            @Override
            public void event(NetworkEvent event) {
                if (event.timestampNanos() > asOf) {
                    counts.afterAsOf++;
                    return;
                }
                counts.events++;
                FilterOutcome outcome = filter.evaluate(event);
                counts.byOutcome.merge(outcome, 1L, Long::sum);
                counts.rejected += outcome.kind() == FilterOutcome.Kind.REJECTED ? 1 : 0;
            }

            @Override
            public void reject(DeadLetter deadLetter) {
                counts.rejected++;
            }

            @Override
            public void skip(String what) {
                counts.skipped++;
            }
        };
        long line = 0;
        for (String row : Files.readAllLines(file)) {
            reader.read(row.getBytes(StandardCharsets.UTF_8), SourceRef.file(file.toString(), ++line), sink);
        }
        return counts;
    }

    private static Counts backtest(Settings settings, Path file, long asOf) throws IOException {
        Counts counts = new Counts();
        try (Backtest backtest = new Backtest(settings, Enricher.none(), CLOCK, asOf, json -> { })) {
            backtest.feed(List.of(file));
            backtest.finish();
            var metrics = backtest.metrics();
            counts.events = metrics.eventsRead();
            counts.afterAsOf = metrics.afterAsOf();
            counts.rejected = metrics.rejected();
            counts.skipped = metrics.skipped();
            for (FilterOutcome outcome : FilterOutcome.values()) {
                long count = outcome == FilterOutcome.KEPT ? metrics.kept() : metrics.dropped(outcome);
                if (count > 0) {
                    counts.byOutcome.put(outcome, count);
                }
            }
        }
        return counts;
    }

    private static final class Counts {
        long events;
        long afterAsOf;
        long rejected;
        long skipped;
        final Map<FilterOutcome, Long> byOutcome = new EnumMap<>(FilterOutcome.class);

        @Override
        public boolean equals(Object other) {
            return other instanceof Counts that && toString().equals(that.toString());
        }

        @Override
        public int hashCode() {
            return toString().hashCode();
        }

        @Override
        public String toString() {
            return "events " + events + ", after as-of " + afterAsOf + ", rejected " + rejected + ", skipped " + skipped
                    + ", outcomes " + byOutcome;
        }
    }
}
