package org.rareegress.reference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rareegress.alert.AlertEncoder;
import org.rareegress.backtest.Backtest;
import org.rareegress.codec.OutputJson;
import org.rareegress.config.Settings;
import org.rareegress.config.SettingsLoader;
import org.rareegress.detect.HuntRow;
import org.rareegress.enrich.Enricher;
import org.rareegress.event.SourceRef;
import org.rareegress.output.OutputSchemas;
import org.rareegress.output.OutputSchemas.Kind;

/**
 * The detector against {@link ReferenceHunt} on random fleets: the same alerts, in the same order,
 * byte for byte (ids included); the same hunt table in the report and in the compacted table topic;
 * the same count of late events. Then the same fleet as gzipped envelopes gives the same alerts.
 * Run more fleets with {@code -Dreference.fleets=1000}.
 */
class ReferenceModelTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    static Stream<Long> seeds() {
        int fleets = Integer.getInteger("reference.fleets", 60);
        long base = Long.getLong("reference.seed", 20_241_128L);
        return Stream.iterate(base, seed -> seed + 1).limit(fleets);
    }

    @ParameterizedTest(name = "fleet seed {0}")
    @MethodSource("seeds")
    void detectorMatchesTheReferenceModel(long seed) throws IOException {
        Random random = new Random(seed);
        Duration window = List.of(Duration.ofHours(6), Duration.ofDays(1), Duration.ofDays(2)).get(random.nextInt(3));
        Settings settings = randomSettings(random, window);
        List<RawEvent> events = new RandomFleet(seed, window).events(200 + random.nextInt(400));
        Path rows = dir.resolve("fleet-" + seed + ".jsonl");
        Files.write(rows, events.stream().map(RawEvent::toJson).toList(), StandardCharsets.UTF_8);

        ReferenceHunt reference = new ReferenceHunt(settings);
        for (int i = 0; i < events.size(); i++) {
            reference.accept(events.get(i), SourceRef.file(rows.toString(), i + 1));
        }
        reference.finish();
        Result result = backtest(settings, rows);

        String context = "seed " + seed + " with " + settings.effective().entrySet().stream()
                .filter(e -> !e.getValue().source().equals("default")).toList();
        assertSameSequence("alerts, " + context, result.alerts, encoded(settings, reference.alerts()));
        assertThat(result.report).as(context).isEqualTo(json(reference.table(reference.newestEventTime())));
        assertThat(result.tableTopic).as(context).isEqualTo(byProcess(reference.table(reference.streamTime())));
        assertThat(result.late).as(context).isEqualTo(reference.late());
        assertThat(result.outOfOrder).as(context).isEqualTo(reference.outOfOrder());

        Path envelopes = writeEnvelopes(events, random, dir.resolve("fleet-" + seed + ".envelopes.jsonl.gz"));
        Result fromEnvelopes = backtest(settings, envelopes);
        assertThat(withoutSource(fromEnvelopes.alerts)).as(context + " (envelopes)").isEqualTo(withoutSource(result.alerts));
        assertThat(fromEnvelopes.report).as(context + " (envelopes)").isEqualTo(result.report);
    }

    /** Equal lists, or a failure that shows the first difference and nothing else. */
    static void assertSameSequence(String what, List<JsonNode> actual, List<JsonNode> expected) {
        int common = Math.min(actual.size(), expected.size());
        for (int i = 0; i < common; i++) {
            assertThat(actual.get(i)).as("%s: item %d of %d (expected %d)", what, i, actual.size(), expected.size())
                    .isEqualTo(expected.get(i));
        }
        assertThat(actual).as("%s: extra or missing items after %d", what, common).hasSameSizeAs(expected);
    }

    private static Settings randomSettings(Random random, Duration window) {
        return SettingsLoader.load(null, Map.of(), randomOverrides(random, window));
    }

    static List<String> randomOverrides(Random random, Duration window) {
        List<String> overrides = new ArrayList<>();
        overrides.add("detector.window=" + window);
        overrides.add("detector.threshold=" + (1 + random.nextInt(5)));
        overrides.add("detector.warmup=" + List.of(Duration.ZERO, window.dividedBy(4), window).get(random.nextInt(3)));
        // The fleets' disorder reaches 5 minutes: PT0S and PT1M process some events out of order, PT10M none.
        overrides.add("detector.max-out-of-orderness=" + List.of(Duration.ZERO, Duration.ofMinutes(1),
                Duration.ofMinutes(10)).get(random.nextInt(3)));
        overrides.add("alert.confirm-after=" + List.of(Duration.ZERO, Duration.ZERO, window.dividedBy(10),
                window.dividedBy(2)).get(random.nextInt(4)));
        if (random.nextBoolean()) {
            overrides.add("filter.excluded-networks=100.0.0.0/16,200.200.200.0/24");
        }
        // With refined dimensions too in DimensionReferenceTest, which draws its dimensions after these.
        randomBounds(random, window, overrides);
        return overrides;
    }

    /**
     * The bounds of a task: at their defaults (which these fleets never reach) half the time, else small enough to
     * evict and to suppress, which the reference models too.
     */
    static void randomBounds(Random random, Duration window, List<String> overrides) {
        if (random.nextBoolean()) {
            overrides.add("detector.max-tracked-processes=" + (1 + random.nextInt(5)));
        }
        if (random.nextBoolean()) {
            overrides.add("alert.storm-threshold=" + random.nextInt(3));
            overrides.add("alert.storm-window=" + List.of(window.dividedBy(48), window.dividedBy(6), window)
                    .get(random.nextInt(3)));
        }
    }

    private record Result(List<JsonNode> alerts, List<JsonNode> report, Map<String, JsonNode> tableTopic, long late,
                          long outOfOrder) {
    }

    private static Result backtest(Settings settings, Path input) throws IOException {
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
            backtest.feed(input);
            backtest.finish();
            long newest = backtest.metrics().newestEventTime();
            List<JsonNode> report = newest == Long.MIN_VALUE ? List.of() : json(backtest.table(newest));
            return new Result(alerts, report, table, backtest.metrics().late(), backtest.metrics().outOfOrder());
        }
    }

    private static Path writeEnvelopes(List<RawEvent> events, Random random, Path file) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            int i = 0;
            while (i < events.size()) {
                int size = 1 + random.nextInt(7);
                List<String> records = new ArrayList<>();
                for (int j = 0; j < size && i < events.size(); j++, i++) {
                    records.add(events.get(i).toEnvelopeRecord());
                }
                out.write(("{\"records\":[" + String.join(",", records) + "]}\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return file;
    }

    /** Rows as JSON, each checked against schemas/hunt-row.schema.json. */
    private static List<JsonNode> json(List<?> values) {
        return values.stream().map(v -> OutputSchemas.assertValid(Kind.HUNT_ROW, OutputJson.toBytes(v))).toList();
    }

    /** The model's alerts as the product writes them (native format, with their detection metadata). */
    static List<JsonNode> encoded(Settings settings, List<Object> alerts) {
        AlertEncoder encoder = new AlertEncoder(settings.alertFormat(), settings.filter());
        return alerts.stream().map(alert -> read(ReferenceHunt.encode(encoder, alert))).toList();
    }

    private static Map<String, JsonNode> byProcess(List<HuntRow> rows) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        rows.forEach(row -> map.put(row.process(), OutputSchemas.assertValid(Kind.HUNT_ROW, OutputJson.toBytes(row))));
        return new TreeMap<>(map);
    }

    private static List<JsonNode> withoutSource(List<JsonNode> alerts) {
        return alerts.stream().map(alert -> {
            ObjectNode copy = alert.deepCopy();
            copy.remove("Source");
            return (JsonNode) copy;
        }).toList();
    }

    static JsonNode read(byte[] json) {
        try {
            return OutputJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
