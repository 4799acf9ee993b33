package org.rareegress.reference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rareegress.backtest.Backtest;
import org.rareegress.codec.OutputJson;
import org.rareegress.config.Settings;
import org.rareegress.config.SettingsLoader;
import org.rareegress.enrich.Enricher;
import org.rareegress.event.SourceRef;
import org.rareegress.output.OutputSchemas;
import org.rareegress.output.OutputSchemas.Kind;

/**
 * Several sources, random interleavings: a random fleet whose disorder is within {@code D} is split into
 * several files (each keeping its events' order), and the backtest of those files, merged by event time
 * or fed line by line in a random interleaving, gives exactly what the reference model gives for every
 * event sorted: the same alerts in the same order, the same table, nothing out of order.
 */
class MultiSourceReferenceTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final Duration DISORDER = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    static Stream<Long> seeds() {
        return Stream.iterate(Long.getLong("reference.seed", 7_000L), seed -> seed + 1)
                .limit(Integer.getInteger("reference.fleets", 40));
    }

    @ParameterizedTest(name = "fleet seed {0}")
    @MethodSource("seeds")
    void severalSourcesInAnyInterleavingGiveWhatTheReferenceGivesForEveryEventSorted(long seed) throws IOException {
        Random random = new Random(seed);
        Duration window = List.of(Duration.ofHours(6), Duration.ofDays(1)).get(random.nextInt(2));
        Settings settings = settings(random, window);
        List<RawEvent> events = withinDisorder(new RandomFleet(seed, window).events(150 + random.nextInt(300)));
        int sources = 2 + random.nextInt(5);
        List<List<RawEvent>> files = new ArrayList<>();
        for (int s = 0; s < sources; s++) {
            files.add(new ArrayList<>());
        }
        events.forEach(event -> files.get(random.nextInt(sources)).add(event));
        List<Path> paths = new ArrayList<>();
        for (int s = 0; s < sources; s++) {
            Path path = dir.resolve("source-" + seed + "-" + s + ".jsonl");
            Files.write(path, files.get(s).stream().map(RawEvent::toJson).toList(), StandardCharsets.UTF_8);
            paths.add(path);
        }

        ReferenceHunt reference = new ReferenceHunt(settings);
        List<RawEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(RawEvent::timestampNanos));
        sorted.forEach(event -> reference.accept(event, SourceRef.unknown()));
        reference.finish();
        List<JsonNode> expected = withoutSource(ReferenceModelTest.encoded(settings, reference.alerts()));
        String context = "seed " + seed + ", " + sources + " sources, " + settings.effective().entrySet().stream()
                .filter(e -> !e.getValue().source().equals("default")).toList();

        Result merged = run(settings, backtest -> backtest.feed(paths));
        Result interleaved = run(settings, backtest -> feedInterleaved(backtest, files, paths, random));

        for (Result result : List.of(merged, interleaved)) {
            assertThat(withoutSource(result.alerts)).as(context).isEqualTo(expected);
            assertThat(result.table).as(context).isEqualTo(byProcess(reference.table(reference.streamTime())));
            assertThat(result.outOfOrder).as(context).isZero();
        }
        assertThat(expected).as("an interesting fleet").isNotEmpty();
    }

    /** Line by line, the next line from a random file: any schedule of several readers. */
    private static void feedInterleaved(Backtest backtest, List<List<RawEvent>> files, List<Path> paths, Random random) {
        paths.forEach(path -> backtest.declare(path.toString()));
        int[] next = new int[files.size()];
        int remaining = files.stream().mapToInt(List::size).sum();
        while (remaining > 0) {
            int s = random.nextInt(files.size());
            if (next[s] < files.get(s).size()) {
                RawEvent event = files.get(s).get(next[s]++);
                backtest.feed(event.toJson().getBytes(StandardCharsets.UTF_8), paths.get(s).toString(), next[s]);
                remaining--;
            }
        }
    }

    private interface Feeding {
        void feed(Backtest backtest) throws IOException;
    }

    private record Result(List<JsonNode> alerts, Map<String, JsonNode> table, long outOfOrder) {
    }

    private static Result run(Settings settings, Feeding feeding) throws IOException {
        List<JsonNode> alerts = new ArrayList<>();
        Map<String, JsonNode> table = new TreeMap<>();
        Backtest.Outputs outputs = new Backtest.Outputs() {
            @Override
            public void alert(byte[] json) {
                alerts.add(read(json));
            }

            @Override
            public void rowChange(String process, byte[] json) {
                if (json == null) {
                    table.remove(process);
                } else {
                    table.put(process, read(json));
                }
            }
        };
        try (Backtest backtest = new Backtest(settings, Enricher.none(), CLOCK, Long.MAX_VALUE,
                OutputSchemas.checked(settings.alertFormat(), outputs))) {
            feeding.feed(backtest);
            backtest.finish();
            return new Result(alerts, table, backtest.metrics().outOfOrder());
        }
    }

    private static Settings settings(Random random, Duration window) {
        List<String> overrides = new ArrayList<>();
        overrides.add("detector.window=" + window);
        // At least 2 (with 1 nothing is ever rare) and a short warm-up, so that every fleet alerts.
        overrides.add("detector.threshold=" + (2 + random.nextInt(4)));
        overrides.add("detector.warmup=" + List.of(Duration.ZERO, window.dividedBy(8)).get(random.nextInt(2)));
        overrides.add("alert.confirm-after=" + List.of(Duration.ZERO, window.dividedBy(10)).get(random.nextInt(2)));
        overrides.add("detector.max-out-of-orderness=" + List.of(DISORDER, Duration.ofMinutes(30)).get(random.nextInt(2)));
        ReferenceModelTest.randomBounds(random, window, overrides);
        return SettingsLoader.load(null, Map.of(), overrides);
    }

    /** The fleet without its events further than {@link #DISORDER} behind the newest before them (the late straggler). */
    private static List<RawEvent> withinDisorder(List<RawEvent> events) {
        List<RawEvent> kept = new ArrayList<>();
        long newest = Long.MIN_VALUE;
        for (RawEvent event : events) {
            if (newest == Long.MIN_VALUE || event.timestampNanos() >= newest - DISORDER.toNanos()) {
                kept.add(event);
                newest = Math.max(newest, event.timestampNanos());
            }
        }
        return kept;
    }

    /** Rows as JSON, each checked against schemas/hunt-row.schema.json. */
    private static List<JsonNode> json(List<?> values) {
        return values.stream().map(v -> OutputSchemas.assertValid(Kind.HUNT_ROW, OutputJson.toBytes(v))).toList();
    }

    private static Map<String, JsonNode> byProcess(List<org.rareegress.detect.HuntRow> rows) {
        Map<String, JsonNode> map = new TreeMap<>();
        rows.forEach(row -> map.put(row.process(), OutputSchemas.assertValid(Kind.HUNT_ROW, OutputJson.toBytes(row))));
        return map;
    }

    private static List<JsonNode> withoutSource(List<JsonNode> alerts) {
        return alerts.stream().map(alert -> {
            ObjectNode copy = alert.deepCopy();
            copy.remove("Source");
            return (JsonNode) copy;
        }).toList();
    }

    private static JsonNode read(byte[] json) {
        try {
            return OutputJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
