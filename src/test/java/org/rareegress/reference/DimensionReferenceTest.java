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
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.commons.net.util.SubnetUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rareegress.backtest.Backtest;
import org.rareegress.codec.OutputJson;
import org.rareegress.config.Settings;
import org.rareegress.config.SettingsLoader;
import org.rareegress.detect.Dimension;
import org.rareegress.detect.GeoInfo;
import org.rareegress.detect.HuntRow;
import org.rareegress.enrich.AsnTestDatabase;
import org.rareegress.enrich.Enricher;
import org.rareegress.enrich.Enrichers;
import org.rareegress.event.SourceRef;
import org.rareegress.output.OutputSchemas;
import org.rareegress.output.OutputSchemas.Kind;

/**
 * The refined dimensions (process-port, process-hash, process-asn) against {@link ReferenceHunt} on random fleets:
 * random subsets and orders of dimensions, caps on values per program ({@code detector.max-values-per-process}),
 * per-dimension confirmation periods, and a real GeoLite2-ASN file for process-asn. The same alerts in the same
 * order, byte for byte; the same table in the report and in the table topic; the same late events.
 * Run more fleets with {@code -Dreference.fleets=1000}.
 */
class DimensionReferenceTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    /** Networks of RandomFleet's public addresses; 100.x and 200.200.200.x stay unknown (no process-asn value). */
    private static final Map<String, Long> ASNS = Map.of(
            "8.8.8.0/24", 15_169L, "200.200.201.0/24", 15_169L, "81.2.69.0/24", 20_712L, "1.2.3.0/24", 13_335L,
            "203.0.113.0/24", 64_500L, "99.255.255.0/24", 64_501L, "64.4.4.0/24", 8_075L);
    private static final List<Dimension> REFINED = List.of(Dimension.PROCESS_PORT, Dimension.PROCESS_HASH,
            Dimension.PROCESS_ASN);
    private static final AtomicInteger REFINED_ALERTS = new AtomicInteger();
    private static final AtomicInteger REFINED_CONFIRMED = new AtomicInteger();
    private static final AtomicInteger NOT_INFORMATIVE_ROWS = new AtomicInteger();
    private static final AtomicInteger FLEETS = new AtomicInteger();

    @TempDir
    Path dir;

    static Stream<Long> seeds() {
        int fleets = Integer.getInteger("reference.fleets", 40);
        long base = Long.getLong("reference.seed", 20_261_205L);
        return Stream.iterate(base, seed -> seed + 1).limit(fleets);
    }

    @ParameterizedTest(name = "fleet seed {0}")
    @MethodSource("seeds")
    void detectorMatchesTheReferenceModelInEveryDimension(long seed) throws IOException {
        Random random = new Random(seed);
        Duration window = List.of(Duration.ofHours(6), Duration.ofDays(1), Duration.ofDays(2)).get(random.nextInt(3));
        Path asnDatabase = AsnTestDatabase.write(dir.resolve("asn-" + seed + ".mmdb"), ASNS);
        Settings settings = randomSettings(random, window, asnDatabase);
        List<RawEvent> events = RandomFleet.withDistinctTimes(new RandomFleet(seed, window).events(200 + random.nextInt(400)));
        Path rows = dir.resolve("fleet-" + seed + ".jsonl");
        Files.write(rows, events.stream().map(RawEvent::toJson).toList(), StandardCharsets.UTF_8);

        boolean asnDatabaseSet = settings.geoip().asnDatabase().isPresent();
        ReferenceHunt reference = new ReferenceHunt(settings, DimensionReferenceTest::asn,
                asnDatabaseSet ? DimensionReferenceTest::geo : ip -> GeoInfo.NONE);
        for (int i = 0; i < events.size(); i++) {
            reference.accept(events.get(i), SourceRef.file(rows.toString(), i + 1));
        }
        reference.finish();
        Result result = backtest(settings, rows);

        String context = "seed " + seed + " with " + settings.effective().entrySet().stream()
                .filter(e -> !e.getValue().source().equals("default")).toList();
        ReferenceModelTest.assertSameSequence("alerts, " + context, result.alerts,
                ReferenceModelTest.encoded(settings, reference.alerts()));
        assertThat(result.report).as("report, " + context).isEqualTo(comparable(json(reference.table(reference.newestEventTime()))));
        assertThat(result.tableTopic).as("table topic, " + context).isEqualTo(topic(reference, reference.streamTime()));
        assertThat(result.late).as(context).isEqualTo(reference.late());
        count(result);
    }

    /** The fleets must reach what the model is there to check, or the comparison proves little. */
    @AfterAll
    static void theFleetsReachedTheRefinedDecisions() {
        if (FLEETS.get() >= 20) {
            assertThat(REFINED_ALERTS.get()).as("alerts of refined dimensions").isGreaterThan(FLEETS.get());
            assertThat(REFINED_CONFIRMED.get()).as("confirmed alerts of refined dimensions").isPositive();
            assertThat(NOT_INFORMATIVE_ROWS.get()).as("not-informative rows").isPositive();
        }
    }

    private static void count(Result result) {
        FLEETS.incrementAndGet();
        result.alerts.stream().filter(a -> a.has("Dimension")).forEach(a -> {
            REFINED_ALERTS.incrementAndGet();
            if (!a.get("ConfirmedAt").isNull()) {
                REFINED_CONFIRMED.incrementAndGet();
            }
        });
        NOT_INFORMATIVE_ROWS.addAndGet((int) result.tableTopic.values().stream().filter(r -> r.has("Informative")).count());
    }

    private static Settings randomSettings(Random random, Duration window, Path asnDatabase) {
        List<String> overrides = ReferenceModelTest.randomOverrides(random, window);
        List<Dimension> dimensions = new ArrayList<>(REFINED);
        Collections.shuffle(dimensions, random);
        dimensions = dimensions.subList(0, 1 + random.nextInt(dimensions.size()));
        List<String> keys = new ArrayList<>(List.of("process"));
        dimensions.forEach(d -> keys.add(d.key()));
        overrides.add("detector.dimensions=" + String.join(",", keys));
        overrides.add("detector.max-values-per-process=" + List.of(1, 2, 3, 16).get(random.nextInt(4)));
        for (Dimension dimension : dimensions) {
            int choice = random.nextInt(4);
            if (choice > 0) {
                overrides.add("alert.confirm-after." + dimension.key() + "="
                        + List.of(Duration.ZERO, window.dividedBy(10), window.dividedBy(3)).get(choice - 1));
            }
        }
        if (dimensions.contains(Dimension.PROCESS_ASN) || random.nextBoolean()) {
            overrides.add("geoip.asn-database=" + asnDatabase);
        }
        return SettingsLoader.load(null, Map.of(), overrides);
    }

    private static Long asn(int ipv4) {
        String dotted = ReferenceHunt.dotted(ipv4);
        return ASNS.entrySet().stream().filter(e -> {
            SubnetUtils network = new SubnetUtils(e.getKey());
            network.setInclusiveHostCount(true);
            return network.getInfo().isInRange(dotted);
        }).map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private static GeoInfo geo(String sampleRemoteIp) {
        Long asn = asn(SubnetUtilsIp.toInt(sampleRemoteIp));
        return asn == null ? GeoInfo.NONE : new GeoInfo(null, null, asn, AsnTestDatabase.organisation(asn));
    }

    private record Result(List<JsonNode> alerts, List<JsonNode> report, Map<String, JsonNode> tableTopic, long late) {
    }

    private static Result backtest(Settings settings, Path input) throws IOException {
        List<JsonNode> alerts = new ArrayList<>();
        Map<String, JsonNode> table = new TreeMap<>();
        Backtest.Outputs outputs = new Backtest.Outputs() {
            @Override
            public void alert(byte[] json) {
                alerts.add(ReferenceModelTest.read(json));
            }

            @Override
            public void rowChange(String key, byte[] json) {
                if (json == null) {
                    table.remove(key);
                } else {
                    table.put(key, comparable(ReferenceModelTest.read(json)));
                }
            }
        };
        try (Enricher enricher = Enrichers.create(settings.geoip());
             Backtest backtest = new Backtest(settings, enricher, CLOCK, Long.MAX_VALUE,
                     OutputSchemas.checked(settings.alertFormat(), outputs))) {
            backtest.feed(input);
            backtest.finish();
            long newest = backtest.metrics().newestEventTime();
            List<JsonNode> report = newest == Long.MIN_VALUE ? List.of() : comparable(json(backtest.table(newest)));
            return new Result(alerts, report, table, backtest.metrics().late());
        }
    }

    private static Map<String, JsonNode> topic(ReferenceHunt reference, long at) {
        Map<String, JsonNode> map = new TreeMap<>();
        reference.table(at).stream().filter(row -> row.dimension() == null)
                .forEach(row -> map.put(row.process(), comparable(valid(row))));
        reference.refinedRows(at).forEach((key, row) -> map.put(key, comparable(valid(row))));
        return map;
    }

    private static List<JsonNode> json(List<HuntRow> rows) {
        return rows.stream().map(DimensionReferenceTest::valid).toList();
    }

    private static JsonNode valid(HuntRow row) {
        return OutputSchemas.assertValid(Kind.HUNT_ROW, OutputJson.toBytes(row));
    }

    /**
     * Rows as compared: every row whole, except that a not-informative row keeps only what it is about (its
     * facts are the process's as last bounded, see {@link ReferenceHunt#refinedRows}); those come last, by key,
     * since the table sorts by a DeviceCount they do not state exactly.
     */
    private static List<JsonNode> comparable(List<JsonNode> rows) {
        List<JsonNode> informative = new ArrayList<>();
        List<JsonNode> notInformative = new ArrayList<>();
        for (JsonNode row : rows) {
            (row.has("Informative") ? notInformative : informative).add(comparable(row));
        }
        notInformative.sort(Comparator.comparing(JsonNode::toString));
        informative.addAll(notInformative);
        return informative;
    }

    private static JsonNode comparable(JsonNode row) {
        if (!row.has("Informative")) {
            return row;
        }
        Map<String, JsonNode> kept = new LinkedHashMap<>();
        for (String field : List.of("InitiatingProcessFileName", "Dimension", "DistinctValues", "Informative",
                "Threshold", "SchemaVersion")) {
            kept.put(field, row.get(field));
        }
        ObjectNode node = OutputJson.mapper().createObjectNode();
        node.setAll(kept);
        return node;
    }

    /** Dotted IPv4 to the big-endian int the model keys on. */
    private static final class SubnetUtilsIp {
        static int toInt(String dotted) {
            String[] parts = dotted.split("\\.");
            return Integer.parseInt(parts[0]) << 24 | Integer.parseInt(parts[1]) << 16 | Integer.parseInt(parts[2]) << 8
                    | Integer.parseInt(parts[3]);
        }
    }
}
