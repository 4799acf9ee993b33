package org.rareegress.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.rareegress.allow.AllowRule;
import org.rareegress.allow.AllowRules;
import org.rareegress.allow.Allowlist;
import org.rareegress.allow.BadRuleException;
import org.rareegress.config.Settings;
import org.rareegress.config.SettingsLoader;
import org.rareegress.detect.AlertType;
import org.rareegress.detect.GeoInfo;
import org.rareegress.enrich.Enricher;
import org.rareegress.event.OtrfLines;
import org.rareegress.order.FileSources;
import org.rareegress.reference.RandomFleet;
import org.rareegress.reference.RawEvent;

/**
 * The direct pipeline a backtest runs gives, record for record, what the topology gives under Kafka's own
 * test driver: the same alerts, table changes and dead letters in the same order, and the same counters,
 * over random fleets in several files (rows and envelopes), Sysmon events that join across records,
 * hostile lines, outputs over the producer's limit and a processor that fails on one address.
 */
class DirectPipelineTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path stateDir;

    static Stream<Long> seeds() {
        return Stream.iterate(Long.getLong("direct.seed", 9_000L), seed -> seed + 1)
                .limit(Integer.getInteger("direct.fleets", 25));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theDirectPipelineGivesWhatTheTopologyGivesUnderTheTestDriver(long seed) throws Exception {
        Random random = new Random(seed);
        Settings settings = settings(random);
        List<Batch> batches = batches(random);
        // An unforeseen failure in the enrich nodes: its dead letters must come out alike too.
        Enricher enricher = ip -> {
            if (ip.equals("203.0.113.7")) {
                throw new IllegalArgumentException("lookup of " + ip + " broke");
            }
            return GeoInfo.NONE;
        };

        List<String> rules = rules(random);

        List<String> direct = sameBothWays("seed " + seed, settings, enricher, rules, batches);

        assertThat(direct).as("an interesting run").anyMatch(line -> line.startsWith("alert "))
                .anyMatch(line -> line.startsWith("dead-letter "));
    }

    /** With an allowlist rule too, which a STORM alert passes: it names no one process's evidence. */
    @ParameterizedTest(name = "alert.format={0}")
    @ValueSource(strings = {"native", "ecs", "ocsf"})
    void evictionsAndStormsComeOutAlikeToo(String format) throws Exception {
        Settings settings = SettingsLoader.load(null, Map.of(), List.of("detector.window=P1D", "detector.threshold=3",
                "detector.warmup=PT0S", "input.max-future-skew=P3650D", "detector.max-tracked-processes=4",
                "alert.storm-threshold=1", "alert.storm-window=PT12H", "alert.format=" + format));
        List<Batch> batches = batches(new Random(77));
        List<String> rules = List.of("{\"RuleId\":\"r-port\",\"RemotePort\":4444,\"Reason\":\"lab\"}");

        List<String> direct = sameBothWays(format, settings, ip -> GeoInfo.NONE, rules, batches);

        assertThat(direct).anyMatch(line -> line.startsWith("alert null ") && line.contains("STORM"));
        assertThat(direct.get(direct.size() - 1)).doesNotContain("evicted=0 ").doesNotContain("newRareSuppressed=0 ")
                .doesNotContain("storms=0 ");
    }

    /** The outputs of the direct pipeline, after checking that they are those of the topology under the test driver. */
    private List<String> sameBothWays(String run, Settings settings, Enricher enricher, List<String> rules,
                                      List<Batch> batches) {
        List<String> viaDriver = viaDriver(settings, enricher, rules, batches);
        List<String> direct = direct(settings, enricher, rules, batches);

        String context = run + " with " + settings.effective().entrySet().stream()
                .filter(e -> !e.getValue().source().equals("default")).toList() + " and rules " + rules;
        for (int i = 0; i < Math.min(direct.size(), viaDriver.size()); i++) {
            assertThat(direct.get(i)).as("%s: output %d of %d", context, i, viaDriver.size()).isEqualTo(viaDriver.get(i));
        }
        assertThat(direct).as(context).hasSameSizeAs(viaDriver);
        return direct;
    }

    /**
     * Some of a set of allowlist rules that match parts of a random fleet (a process, a port, a device, a network,
     * a folder, one that expires within the fleet's time span); the driver reads them from the allowlist topic.
     */
    private static List<String> rules(Random random) {
        List<String> all = List.of(
                "{\"RuleId\":\"r-process\",\"InitiatingProcessFileName\":\"tool1.exe\"}",
                "{\"RuleId\":\"r-port\",\"RemotePort\":4444,\"Reason\":\"lab\"}",
                "{\"RuleId\":\"r-device\",\"DeviceId\":\"device-1\"}",
                "{\"RuleId\":\"r-network\",\"RemoteNetwork\":\"8.8.0.0/16\"}",
                "{\"RuleId\":\"r-folder\",\"FolderPath\":\"C:\\\\Program Files\\\\svc*\"}",
                "{\"RuleId\":\"r-rollout\",\"InitiatingProcessFileName\":\"rollout2.exe\",\"DeviceName\":\"host0.corp.example\"}",
                "{\"RuleId\":\"r-expires\",\"InitiatingProcessFileName\":\"agent0.exe\",\"Expires\":\"2024-03-02T06:00:00Z\"}");
        List<String> chosen = new ArrayList<>();
        for (String rule : all) {
            if (random.nextInt(3) == 0) {
                chosen.add(rule);
            }
        }
        return chosen;
    }

    private static Allowlist allowlist(List<String> rules) {
        List<AllowRule> parsed = new ArrayList<>();
        for (String rule : rules) {
            try {
                parsed.add(AllowRules.parse(rule));
            } catch (BadRuleException e) {
                throw new IllegalStateException(e);
            }
        }
        return Allowlist.of(parsed);
    }

    /** One record of the backtest's input: a batch of one file's lines, or the end of a file (or of all). */
    private record Batch(String file, byte[] packed, String finished) {
    }

    private static Settings settings(Random random) {
        List<String> overrides = new ArrayList<>();
        Duration window = List.of(Duration.ofHours(6), Duration.ofDays(1)).get(random.nextInt(2));
        overrides.add("detector.window=" + window);
        overrides.add("detector.threshold=" + (2 + random.nextInt(4)));
        overrides.add("detector.warmup=" + List.of(Duration.ZERO, window.dividedBy(8)).get(random.nextInt(2)));
        overrides.add("alert.confirm-after=" + List.of(Duration.ZERO, window.dividedBy(10)).get(random.nextInt(2)));
        overrides.add("detector.max-out-of-orderness=" + List.of(Duration.ZERO, Duration.ofMinutes(1),
                Duration.ofMinutes(10)).get(random.nextInt(3)));
        overrides.add("input.max-future-skew=P3650D");
        if (random.nextBoolean()) {
            overrides.add("kafka.max.request.size=6000");
        }
        overrides.add("alert.format=" + List.of("native", "ecs", "ocsf").get(random.nextInt(3)));
        if (random.nextBoolean()) {
            overrides.add("detector.max-tracked-processes=" + (1 + random.nextInt(6)));
            overrides.add("alert.storm-threshold=" + random.nextInt(3));
            overrides.add("alert.storm-window=" + List.of(window.dividedBy(24), window.dividedBy(4)).get(random.nextInt(2)));
        }
        // Refined dimensions from a random of their own, so each seed's other choices stay what they were.
        Random dimensions = new Random(overrides.hashCode() ^ 0x5eed_d1e5L);
        overrides.add("detector.dimensions=" + List.of("process", "process,process-port",
                "process,process-port,process-hash", "process-hash,process").get(dimensions.nextInt(4)));
        overrides.add("detector.max-values-per-process=" + (1 + dimensions.nextInt(4)));
        if (dimensions.nextBoolean()) {
            overrides.add("alert.confirm-after.process-hash=PT1H");
        }
        return SettingsLoader.load(null, Map.of(), overrides);
    }

    private static List<Batch> batches(Random random) throws Exception {
        int files = 1 + random.nextInt(3);
        List<List<String>> lines = new ArrayList<>();
        for (int f = 0; f < files; f++) {
            List<String> file = new ArrayList<>();
            new RandomFleet(random.nextLong(), Duration.ofDays(1)).events(100 + random.nextInt(200))
                    .forEach(event -> file.add(random.nextInt(10) == 0 ? "{\"records\":[{\"category\":"
                            + "\"AdvancedHunting-DeviceNetworkEvents\",\"properties\":" + event.toJson() + "}]}"
                            : event.toJson()));
            for (int k = 0; k < 5; k++) {
                file.add(random.nextInt(file.size()), List.of("{\"Timestamp\": oops", "not json at all", "{}",
                        "{\"Timestamp\":\"2024-03-02T00:00:00Z\",\"DeviceId\":\"d\",\"ActionType\":\"ConnectionSuccess\","
                                + "\"Protocol\":\"Tcp\",\"RemoteIPType\":\"Public\",\"RemoteIP\":\"8.8.8.888\"}",
                        RawEvent.kept(1_709_337_600_000_000_000L + random.nextInt(1000) * 60_000_000_000L,
                                "long.exe", "d-long").toJson().replace("long.exe --stay", "x".repeat(7000)))
                        .get(random.nextInt(5)));
            }
            lines.add(file);
        }
        List<String> sysmon = OtrfLines.sample();
        lines.get(0).addAll(sysmon.subList(0, Math.min(sysmon.size(), 40)));

        List<Batch> batches = new ArrayList<>();
        int[] next = new int[files];
        int remaining = lines.stream().mapToInt(List::size).sum();
        while (remaining > 0) {
            int f = random.nextInt(files);
            int take = Math.min(1 + random.nextInt(40), lines.get(f).size() - next[f]);
            if (take == 0) {
                continue;
            }
            LineBatch batch = new LineBatch();
            for (int k = 0; k < take; k++) {
                byte[] line = lines.get(f).get(next[f]).getBytes(StandardCharsets.UTF_8);
                batch.add(++next[f], line, 0, line.length);
            }
            remaining -= take;
            batches.add(new Batch("file-" + f + ".jsonl", batch.drain(), null));
            if (next[f] == lines.get(f).size() && random.nextBoolean()) {
                batches.add(new Batch(null, new byte[0], "file-" + f + ".jsonl"));
            }
        }
        batches.add(new Batch(null, new byte[0], ""));
        return batches;
    }

    private static RecordHeaders headers(Batch batch) {
        RecordHeaders headers = new RecordHeaders();
        if (batch.finished() != null) {
            headers.add(Names.SOURCE_FINISHED_HEADER, batch.finished().getBytes(StandardCharsets.UTF_8));
        } else {
            headers.add(Names.FILE_BATCH_HEADER, batch.file().getBytes(StandardCharsets.UTF_8));
        }
        return headers;
    }

    private List<String> viaDriver(Settings settings, Enricher enricher, List<String> rules, List<Batch> batches) {
        DetectorMetrics metrics = new DetectorMetrics();
        Properties properties = StreamsProperties.of(settings, metrics);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        List<String> out = new ArrayList<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(DetectorTopology.build(settings, metrics, enricher,
                TopologyOptions.backtest(Long.MAX_VALUE, new FileSources()), CLOCK), properties, Instant.EPOCH)) {
            TestInputTopic<byte[], byte[]> input = driver.createInputTopic(settings.topics().input(),
                    new ByteArraySerializer(), new ByteArraySerializer());
            TestInputTopic<String, String> allowlist = driver.createInputTopic(settings.topics().allowlist(),
                    new StringSerializer(), new StringSerializer());
            // A bad record on the topic is skipped: the direct pipeline, given only the good rules, must agree.
            allowlist.pipeInput("bad", "{\"RuleId\":\"bad\",\"RemoteNetwork\":\"not a network\"}");
            for (String rule : rules) {
                allowlist.pipeInput(rule.substring(11, rule.indexOf('"', 11)), rule);
            }
            List<TestOutputTopic<String, byte[]>> topics = List.of(
                    driver.createOutputTopic(settings.topics().alerts(), new StringDeserializer(), new ByteArrayDeserializer()),
                    driver.createOutputTopic(settings.topics().rareProcesses(), new StringDeserializer(), new ByteArrayDeserializer()),
                    driver.createOutputTopic(settings.topics().deadLetter(), new StringDeserializer(), new ByteArrayDeserializer()));
            List<String> kinds = List.of("alert ", "row ", "dead-letter ");
            for (Batch batch : batches) {
                input.pipeInput(new TestRecord<>(null, batch.packed(), headers(batch), 0L));
                for (int t = 0; t < topics.size(); t++) {
                    while (!topics.get(t).isEmpty()) {
                        var record = topics.get(t).readRecord();
                        out.add(kinds.get(t) + record.key() + " " + text(record.value()));
                    }
                }
            }
        }
        out.add(counters(metrics));
        return out;
    }

    private static List<String> direct(Settings settings, Enricher enricher, List<String> rules, List<Batch> batches) {
        DetectorMetrics metrics = new DetectorMetrics();
        List<String> alerts = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        List<String> deadLetters = new ArrayList<>();
        List<String> out = new ArrayList<>();
        try (DirectPipeline pipeline = new DirectPipeline(settings, metrics, enricher,
                TopologyOptions.backtest(Long.MAX_VALUE, new FileSources()), allowlist(rules), CLOCK,
                new DirectPipeline.Outputs() {
                    @Override
                    public void alert(String key, byte[] json) {
                        alerts.add("alert " + key + " " + text(json));
                    }

                    @Override
                    public void row(String key, byte[] json) {
                        rows.add("row " + key + " " + text(json));
                    }

                    @Override
                    public void deadLetter(String key, byte[] json) {
                        deadLetters.add("dead-letter " + key + " " + text(json));
                    }
                })) {
            long offset = 0;
            for (Batch batch : batches) {
                pipeline.pipe(offset++, 0L, batch.packed(), headers(batch));
                // The driver's outputs are read topic by topic after each record: the same grouping here.
                out.addAll(alerts);
                out.addAll(rows);
                out.addAll(deadLetters);
                alerts.clear();
                rows.clear();
                deadLetters.clear();
            }
        }
        out.add(counters(metrics));
        return out;
    }

    private static String counters(DetectorMetrics m) {
        return "counters read=" + m.recordsRead() + " events=" + m.eventsRead() + " kept=" + m.kept() + " rejected="
                + m.rejected() + " skipped=" + m.skipped() + " late=" + m.late() + " outOfOrder=" + m.outOfOrder()
                + " errors=" + m.processingErrors() + " rows=" + m.rowUpserts() + "/" + m.rowTombstones()
                + " suppressed=" + m.suppressedByRule() + " evicted=" + m.processesEvicted() + " newRareSuppressed="
                + m.newRareSuppressed() + " storms=" + m.alerts(AlertType.STORM) + " ";
    }

    private static String text(byte[] value) {
        return value == null ? "<tombstone>" : new String(value, StandardCharsets.UTF_8);
    }
}
