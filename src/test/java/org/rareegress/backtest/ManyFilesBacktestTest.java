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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rareegress.config.Settings;
import org.rareegress.config.SettingsLoader;
import org.rareegress.enrich.Enricher;
import org.rareegress.reference.RandomFleet;
import org.rareegress.reference.RawEvent;

/**
 * More files than are read at once: a history cut into consecutive files gives exactly what the same history
 * in one file gives, and a file given out of its time order still has every event processed (late ones
 * counted), never lost.
 */
class ManyFilesBacktestTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void aHistoryCutIntoMoreFilesThanAreOpenAtOnceGivesWhatOneFileGives() throws IOException {
        Settings settings = settings();
        List<RawEvent> events = inOrder(new RandomFleet(31, Duration.ofDays(1)).events(2000));
        Path whole = write("whole.jsonl", events);
        List<Path> parts = cut(events, Backtest.MAX_OPEN_FILES * 2 + 3);

        List<String> fromOne = run(settings, List.of(whole));
        List<String> fromParts = run(settings, parts);

        assertThat(fromOne).as("an interesting history").anyMatch(line -> line.contains("NEW_RARE"));
        assertThat(fromParts).isEqualTo(fromOne);
    }

    @Test
    void aFileGivenOutOfItsTimeOrderIsStillProcessedAndCountedOutOfOrder() throws IOException {
        Settings settings = settings();
        List<RawEvent> events = inOrder(new RandomFleet(32, Duration.ofDays(1)).events(2000));
        List<Path> parts = new ArrayList<>(cut(events, Backtest.MAX_OPEN_FILES * 2));
        Path early = parts.remove(0);
        parts.add(early);

        long[] kept = {0};
        long[] outOfOrder = {0};
        try (Backtest backtest = new Backtest(settings, Enricher.none(), CLOCK, Long.MAX_VALUE, json -> { })) {
            backtest.feed(parts);
            backtest.finish();
            kept[0] = backtest.metrics().kept();
            outOfOrder[0] = backtest.metrics().outOfOrder() + backtest.metrics().late();
        }
        long[] keptInOrder = {0};
        try (Backtest backtest = new Backtest(settings, Enricher.none(), CLOCK, Long.MAX_VALUE, json -> { })) {
            backtest.feed(write("whole.jsonl", events));
            keptInOrder[0] = backtest.metrics().kept();
        }

        assertThat(kept[0]).isEqualTo(keptInOrder[0]);
        assertThat(outOfOrder[0]).as("the first day, read last").isPositive();
    }

    @Test
    void aFileParsedOnTwoThreadsGivesWhatOneThreadGivesDisorderBeyondDIncluded() throws IOException {
        // input.format=mde has no record that needs another read before it: the file is parsed on two threads.
        // The fleet's disorder (up to 5 minutes, and a straggler a window behind) is beyond D = 1 minute, where
        // each kept event's progress must be exactly that of everything read before it.
        List<RawEvent> events = new RandomFleet(33, Duration.ofDays(1)).events(6000);
        Path file = write("fleet.jsonl", events);
        List<String> settings = List.of("detector.window=PT12H", "detector.threshold=4", "detector.warmup=PT1H",
                "alert.confirm-after=PT1H");

        List<String> oneThread = run(SettingsLoader.load(null, Map.of(), settings), List.of(file));
        List<String> twoThreads = run(SettingsLoader.load(null, Map.of(), concat(settings, "input.format=mde")), List.of(file));

        assertThat(oneThread).as("an interesting history").anyMatch(line -> line.contains("NEW_RARE"))
                .anyMatch(line -> line.matches("kept \\d+ out of order [1-9].*"));
        assertThat(twoThreads).isEqualTo(oneThread);
    }

    private static List<String> concat(List<String> list, String more) {
        List<String> all = new ArrayList<>(list);
        all.add(more);
        return all;
    }

    private static Settings settings() {
        return SettingsLoader.load(null, Map.of(), List.of("detector.window=PT12H", "detector.threshold=4",
                "detector.warmup=PT1H", "alert.confirm-after=PT1H"));
    }

    private List<String> run(Settings settings, List<Path> files) throws IOException {
        List<String> out = new ArrayList<>();
        Backtest.Outputs outputs = new Backtest.Outputs() {
            @Override
            public void alert(byte[] json) {
                out.add(new String(json, StandardCharsets.UTF_8).replaceAll("\"Source\":\\{[^}]*}", ""));
            }

            @Override
            public void rowChange(String process, byte[] json) {
                out.add(process + " " + (json == null ? "-" : new String(json, StandardCharsets.UTF_8)));
            }
        };
        try (Backtest backtest = new Backtest(settings, Enricher.none(), CLOCK, Long.MAX_VALUE, outputs)) {
            backtest.feed(files);
            backtest.finish();
            out.add("kept " + backtest.metrics().kept() + " out of order " + backtest.metrics().outOfOrder());
        }
        return out;
    }

    /** The events each no earlier than the one before (the fleet's disorder and straggler left out). */
    private static List<RawEvent> inOrder(List<RawEvent> events) {
        List<RawEvent> sorted = new ArrayList<>();
        long newest = Long.MIN_VALUE;
        for (RawEvent event : events) {
            if (event.timestampNanos() >= newest) {
                sorted.add(event);
                newest = event.timestampNanos();
            }
        }
        return sorted;
    }

    /** Consecutive files of about equal size; a cut never separates events of one instant. */
    private List<Path> cut(List<RawEvent> events, int count) throws IOException {
        List<Path> files = new ArrayList<>();
        int size = events.size() / count;
        int from = 0;
        for (int i = 0; i < count && from < events.size(); i++) {
            int to = i == count - 1 ? events.size() : Math.min(events.size(), from + size);
            while (to < events.size() && to > 0 && events.get(to).timestampNanos() == events.get(to - 1).timestampNanos()) {
                to++;
            }
            files.add(write(String.format("part-%02d.jsonl", i), events.subList(from, to)));
            from = to;
        }
        return files;
    }

    private Path write(String name, List<RawEvent> events) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, events.stream().map(RawEvent::toJson).toList(), StandardCharsets.UTF_8);
        return file;
    }
}
