package org.rareegress.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two jars {@code mvn package} builds (pom.xml, maven-shade-plugin): {@code target/rare-egress.jar} holds every
 * command; {@code target/rare-egress-slim.jar}, the container image's, leaves out the in-JVM broker (kafka_2.13,
 * kafka-server, Scala), {@code bench} and its histograms, and still runs the detector. Failsafe runs this after
 * {@code package}, on the jars themselves.
 */
@ExtendWith(KafkaBroker.class)
class SlimJarIT {
    private static final Path FULL = Path.of("target", "rare-egress.jar");
    private static final Path SLIM = Path.of("target", "rare-egress-slim.jar");

    /** Entry prefixes of what the slim jar leaves out; each is in the full jar, so the check is not vacuous. */
    private static final List<String> LEFT_OUT = List.of(
            "kafka/server/",                     // kafka_2.13: the broker
            "kafka/log/",
            "scala/",                            // the Scala runtime
            "org/apache/kafka/server/common/",   // kafka-server-common (kafka-clients has other server/ packages)
            "org/apache/kafka/controller/",      // kafka-metadata
            "org/apache/kafka/metadata/",
            "org/apache/kafka/raft/",
            "org/apache/kafka/storage/",
            "org/apache/kafka/coordinator/",
            "org/HdrHistogram/",                 // bench's latency histograms
            "org/apache/logging/log4j/",         // only the broker speaks log4j2
            "org/rareegress/bench/",             // bench itself
            "org/rareegress/runtime/demo/Demo",       // demo and its broker
            "org/rareegress/runtime/demo/LocalKafka",
            "org/rareegress/runtime/demo/LocalStorage",
            "org/rareegress/runtime/demo/BrokerProperties");

    /** What the production commands need, in both jars. */
    private static final List<String> KEPT = List.of(
            "org/rareegress/Main.class",
            "org/rareegress/runtime/RunCommand.class",
            "org/rareegress/runtime/replay/ReplayCommand.class",
            "org/rareegress/runtime/topics/TopicsCommand.class",
            "org/rareegress/backtest/BacktestCommand.class",
            "org/rareegress/simulate/SimulateCommand.class",
            "org/rareegress/simulate/KafkaEventSink.class",
            "org/rareegress/topics/input.properties",
            "org/apache/kafka/streams/KafkaStreams.class",
            "org/apache/kafka/clients/producer/KafkaProducer.class",
            "org/rocksdb/RocksDB.class",
            "io/micrometer/prometheusmetrics/PrometheusMeterRegistry.class",
            "org/eclipse/jetty/server/Server.class");

    @TempDir
    Path dir;

    @Test
    void theSlimJarLeavesOutTheBrokerScalaAndBenchButKeepsWhatTheCommandsNeed() throws IOException {
        List<String> full = entries(FULL);
        List<String> slim = entries(SLIM);

        for (String prefix : LEFT_OUT) {
            assertThat(full).as("the full jar has " + prefix).anyMatch(entry -> entry.startsWith(prefix));
            assertThat(slim.stream().filter(entry -> entry.startsWith(prefix)).limit(5)).as("in the slim jar").isEmpty();
        }
        assertThat(full).containsAll(KEPT);
        assertThat(slim).containsAll(KEPT);
        assertThat(Files.size(SLIM)).as("slim jar size").isLessThan(Files.size(FULL) - 10_000_000L);
        assertThat(slim.stream().filter(entry -> entry.endsWith(".class")).count()).as("classes in the slim jar")
                .isLessThan(full.stream().filter(entry -> entry.endsWith(".class")).count() - 4_000);
    }

    @Test
    void theSlimJarCarriesNoCommonsValidatorOrWhatItBrought() throws IOException {
        // The product checks addresses itself (event.IpAddresses); only the in-JVM broker uses commons-validator.
        assertThat(entries(SLIM)).noneMatch(entry -> entry.startsWith("org/apache/commons/validator/")
                || entry.startsWith("org/apache/commons/beanutils/") || entry.startsWith("org/apache/commons/digester/")
                || entry.startsWith("org/apache/commons/collections/"));
    }

    /**
     * The README's first command, from the jar itself: demo starts its own broker (whose classes the tests'
     * classpath would supply even when the jar lacks them), streams a fleet, raises alerts and exits 0.
     */
    @Test
    void theFullJarRunsTheDemoWithItsOwnBroker() throws Exception {
        Result demo = java(FULL, Duration.ofMinutes(5), "demo", "--devices", "60", "--days", "40",
                "--events-per-device-per-day", "12", "--seed", "3", "--end", "2026-01-01T00:00:00Z");

        assertThat(demo.status()).as(demo.output()).isZero();
        assertThat(demo.output()).contains("ALERT NEW_RARE", "winsvchost.exe", "Done:")
                .doesNotContain("NoClassDefFoundError");
    }

    @Test
    void theSlimJarListsEveryCommandAndDescribesRun() throws Exception {
        Result help = java(SLIM, "--help");
        Result runHelp = java(SLIM, "run", "--help");

        assertThat(help.status()).as(help.output()).isZero();
        assertThat(help.output()).contains("demo", "run", "backtest", "replay", "topics", "simulate", "bench",
                "Not in this jar");
        assertThat(runHelp.status()).as(runHelp.output()).isZero();
        assertThat(runHelp.output()).contains("Usage: rare-egress run", "--config=FILE", "--set=KEY=VALUE");
    }

    @Test
    void demoAndBenchFromTheSlimJarSayWhereTheyAreInsteadOfAStackTrace() throws Exception {
        for (List<String> command : List.of(List.of("demo"), List.of("demo", "--follow", "--devices", "5"),
                List.of("bench", "--rows=1"), List.of("bench", "--help"))) {
            Result result = java(SLIM, command.toArray(String[]::new));

            assertThat(result.status()).as(command + ": " + result.output()).isEqualTo(2);
            assertThat(result.output()).as(command.toString())
                    .contains("`" + command.get(0) + "` is not in this jar", "java -jar target/rare-egress.jar " + command.get(0))
                    .doesNotContain("Exception", "NoClassDefFoundError", "\tat ");
        }
    }

    @Test
    void theFullJarStillHoldsDemoAndBench() throws Exception {
        for (String command : List.of("demo", "bench")) {
            Result help = java(FULL, command, "--help");

            assertThat(help.status()).as(help.output()).isZero();
            assertThat(help.output()).contains("Usage: rare-egress " + command).doesNotContain("not in this jar");
        }
    }

    /** The image's jar runs the detector: the alerts and table of a backtest of the same events, and /metrics. */
    @Test
    void theSlimJarRunsTheDetector(TestKafka kafka) throws Exception {
        DetectorFixture fixture = new DetectorFixture(kafka, dir, 1, "detector.window=P1D", "detector.threshold=5",
                "detector.warmup=PT6H", "alert.confirm-after=PT1H", "detector.max-out-of-orderness=PT10M");
        List<String> lines = Fleets.linesWithinDisorder(53, Duration.ofDays(1), 3000, Duration.ofMinutes(10));
        Fleets.Expected expected = Fleets.backtest(fixture.settings("backtest"), lines, dir);
        fixture.produce(Fleets.unkeyed(lines));
        Path log = dir.resolve("slim-run.log");
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", SLIM.toString(), "run"));
        for (String setting : fixture.settingsFor("slim")) {
            command.add("--set");
            command.add(setting);
        }
        Process run = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Pattern portLine = Pattern.compile("HTTP on port (\\d+) ");
            int port = Await.value("the slim jar's run logs its HTTP port", Duration.ofMinutes(2), Duration.ofMillis(200), () -> {
                assertThat(run.isAlive()).as("run from the slim jar is running; its log:\n" + read(log)).isTrue();
                Matcher matcher = portLine.matcher(read(log));
                return matcher.find() ? Integer.parseInt(matcher.group(1)) : null;
            });
            // Until the outputs are those of the backtest (read committed): what the image's jar must produce.
            List<JsonNode> expectedAlerts = DetectorFixture.withoutSource(expected.alerts());
            Await.until("the slim jar's run writes the backtest's alerts and hunt table", Duration.ofMinutes(5),
                    Duration.ofSeconds(1), () -> {
                        assertThat(run.isAlive()).as("run from the slim jar is running; its log:\n" + read(log)).isTrue();
                        return DetectorFixture.withoutSource(fixture.alerts()).equals(expectedAlerts)
                                && fixture.table().equals(expected.table());
                    }, () -> fixture.alerts().size() + " of " + expectedAlerts.size() + " alerts; log:\n" + read(log));

            assertThat(HttpCalls.get(port, "/ready").statusCode()).isEqualTo(200);
            var metrics = HttpCalls.get(port, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("kafka_stream_thread_", "rare_egress_events_held");
        } finally {
            run.destroy();
            assertThat(run.waitFor(1, TimeUnit.MINUTES)).isTrue();
        }
        assertThat(read(log)).doesNotContain("ClassNotFoundException", "NoClassDefFoundError");
        assertThat(expected.alerts()).isNotEmpty();
        assertThat(DetectorFixture.withoutSource(fixture.alerts())).isEqualTo(DetectorFixture.withoutSource(expected.alerts()));
        assertThat(fixture.table()).isEqualTo(expected.table());
        try (var admin = kafka.admin()) {
            var input = new org.apache.kafka.common.TopicPartition(fixture.input, 0);
            assertThat(admin.listConsumerGroupOffsets(fixture.applicationId).partitionsToOffsetAndMetadata().get()
                    .get(input).offset()).as("input committed at a clean stop")
                    .isEqualTo(org.rareegress.runtime.ProcessingProgress.endOffsetsOf(admin, fixture.input).get(input));
        }
    }

    record Result(int status, String output) {
    }

    private Result java(Path jar, String... args) throws Exception {
        return java(jar, Duration.ofMinutes(2), args);
    }

    private Result java(Path jar, Duration timeout, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile(dir, "java", ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", command) + " did not end within " + timeout + ": " + read(output));
        }
        return new Result(process.exitValue(), read(output));
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> entries(Path jar) throws IOException {
        assertThat(jar).as("built by mvn package before the integration tests").exists();
        List<String> names = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> all = file.entries();
            while (all.hasMoreElements()) {
                names.add(all.nextElement().getName());
            }
        }
        return names;
    }
}
