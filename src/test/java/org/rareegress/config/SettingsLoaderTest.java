package org.rareegress.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rareegress.alert.AlertFormat;
import org.rareegress.detect.FilterSettings;
import org.rareegress.event.InputFormat;
import org.rareegress.event.InputSettings;

class SettingsLoaderTest {
    @TempDir
    Path dir;

    private static Settings withSet(String... overrides) {
        return SettingsLoader.load(null, Map.of(), List.of(overrides));
    }

    private Path file(String... lines) throws IOException {
        Path file = dir.resolve("rare-egress.properties");
        Files.writeString(file, String.join("\n", lines), StandardCharsets.UTF_8);
        return file;
    }

    // --- Defaults ---

    @Test
    void defaultsReproduceTheSeedHunt() {
        Settings settings = Settings.defaults();

        assertThat(settings.detector().window()).isEqualTo(Duration.ofDays(30));
        assertThat(settings.detector().threshold()).isEqualTo(4);
        assertThat(settings.detector().warmup()).isEqualTo(Duration.ofDays(30));
        assertThat(settings.detector().evidenceCap()).isEqualTo(64);
        assertThat(settings.detector().confirmAfter()).isZero();
        FilterSettings filter = settings.filter();
        assertThat(filter.protocols()).containsExactly("Tcp");
        assertThat(filter.actionTypes()).containsExactly("ConnectionSuccess");
        assertThat(filter.remoteIpTypes()).containsExactly("Public");
        assertThat(filter.requireEmptyRemoteUrl()).isTrue();
        assertThat(filter.excludedNetworks().isEmpty()).isTrue();
        assertThat(filter.processSuffix()).isEqualTo(".exe");
        assertThat(filter.excludedProcessRegex().pattern()).isEqualTo("(?i)^(msedge|chrome|firefox)\\.exe$");
        assertThat(filter.excludedPorts()).containsExactlyInAnyOrder(80, 443);
    }

    @Test
    void defaultsOfInputOutputAndKafka() {
        Settings settings = Settings.defaults();

        assertThat(settings.input()).isEqualTo(new InputSettings(InputFormat.AUTO, 1_048_576, Duration.ofHours(1)));
        assertThat(settings.geoip().database()).isEmpty();
        assertThat(settings.geoip().asnDatabase()).isEmpty();
        assertThat(settings.httpPort()).isEqualTo(8080);
        assertThat(settings.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.topics()).isEqualTo(new TopicNames("mde.device-network-events", "rare-egress.alerts",
                "rare-egress.rare-processes", "rare-egress.dead-letter", "rare-egress.allowlist"));
        assertThat(settings.kafka()).containsExactlyInAnyOrderEntriesOf(Map.of("application.id", "rare-egress",
                "bootstrap.servers", "localhost:9092", "processing.guarantee", "exactly_once_v2"));
        assertThat(settings.applicationId()).isEqualTo("rare-egress");
    }

    @Test
    void recordsEveryDefaultAsComingFromTheDefaults() {
        Settings settings = Settings.defaults();

        assertThat(settings.effective()).containsKeys("detector.window", "filter.excluded-ports", "topic.input",
                "kafka.bootstrap.servers");
        assertThat(settings.effective().values()).extracting(ConfigValue::source).containsOnly("default");
    }

    @Test
    void emptyWarmUpMeansTheWindow() {
        Settings settings = withSet("detector.window=P7D", "detector.warmup=");

        assertThat(settings.detector().warmup()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void zeroWarmUpMeansNone() {
        Settings settings = withSet("detector.warmup=PT0S");

        assertThat(settings.detector().warmup()).isZero();
    }

    // --- Precedence: defaults < file < environment < --set ---

    @Test
    void fileOverridesTheDefaults() throws IOException {
        Path file = file("detector.threshold = 5", "# a comment", "filter.excluded-networks=100.0.0.0/16");

        Settings settings = SettingsLoader.load(file, Map.of(), List.of());

        assertThat(settings.detector().threshold()).isEqualTo(5);
        assertThat(settings.filter().excludedNetworks().cidrs()).containsExactly("100.0.0.0/16");
        assertThat(settings.effective().get("detector.threshold"))
                .isEqualTo(new ConfigValue("5", "file rare-egress.properties"));
    }

    @Test
    void environmentOverridesTheFile() throws IOException {
        Path file = file("detector.threshold=5");

        Settings settings = SettingsLoader.load(file, Map.of("RARE_EGRESS_DETECTOR_THRESHOLD", "6"), List.of());

        assertThat(settings.detector().threshold()).isEqualTo(6);
        assertThat(settings.effective().get("detector.threshold").source()).isEqualTo("env RARE_EGRESS_DETECTOR_THRESHOLD");
    }

    @Test
    void setOverridesTheEnvironment() throws IOException {
        Path file = file("detector.threshold=5");

        Settings settings = SettingsLoader.load(file, Map.of("RARE_EGRESS_DETECTOR_THRESHOLD", "6"),
                List.of("detector.threshold=7"));

        assertThat(settings.detector().threshold()).isEqualTo(7);
        assertThat(settings.effective().get("detector.threshold")).isEqualTo(new ConfigValue("7", "--set"));
    }

    @Test
    void laterSetWins() {
        Settings settings = withSet("detector.threshold=7", "detector.threshold=8");

        assertThat(settings.detector().threshold()).isEqualTo(8);
    }

    @Test
    void eachLevelOnlyOverridesTheKeysItSets() throws IOException {
        Path file = file("detector.threshold=5", "detector.evidence-cap=10");

        Settings settings = SettingsLoader.load(file, Map.of("RARE_EGRESS_DETECTOR_EVIDENCE_CAP", "20"),
                List.of("http.port=9090"));

        assertThat(settings.detector().threshold()).isEqualTo(5);
        assertThat(settings.detector().evidenceCap()).isEqualTo(20);
        assertThat(settings.httpPort()).isEqualTo(9090);
        assertThat(settings.detector().window()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void keepsEqualsSignsInASetValue() {
        Settings settings = withSet("filter.excluded-process-regex=^a=b\\.exe$");

        assertThat(settings.filter().excludedProcessRegex().pattern()).isEqualTo("^a=b\\.exe$");
    }

    // --- Environment variable names ---

    @ParameterizedTest
    @CsvSource({"detector.window, RARE_EGRESS_DETECTOR_WINDOW",
            "detector.evidence-cap, RARE_EGRESS_DETECTOR_EVIDENCE_CAP",
            "filter.excluded-process-regex, RARE_EGRESS_FILTER_EXCLUDED_PROCESS_REGEX",
            "kafka.bootstrap.servers, RARE_EGRESS_KAFKA_BOOTSTRAP_SERVERS",
            "topic.rare-processes, RARE_EGRESS_TOPIC_RARE_PROCESSES"})
    void namesEnvironmentVariablesAfterTheKey(String key, String variable) {
        String name = SettingsLoader.environmentName(key);

        assertThat(name).isEqualTo(variable);
    }

    @Test
    void readsEveryKeyFromItsEnvironmentVariable() {
        Map<String, String> environment = Map.of("RARE_EGRESS_FILTER_EXCLUDED_PROCESS_REGEX", "",
                "RARE_EGRESS_TOPIC_RARE_PROCESSES", "hunt", "RARE_EGRESS_KAFKA_BOOTSTRAP_SERVERS", "broker:9093");

        Settings settings = SettingsLoader.load(null, environment, List.of());

        assertThat(settings.filter().excludedProcessRegex()).isNull();
        assertThat(settings.topics().rareProcesses()).isEqualTo("hunt");
        assertThat(settings.kafka()).containsEntry("bootstrap.servers", "broker:9093");
    }

    @Test
    void readsOpenEndedKafkaKeysFromTheEnvironment() {
        Settings settings = SettingsLoader.load(null, Map.of("RARE_EGRESS_KAFKA_SASL_MECHANISM", "PLAIN"), List.of());

        assertThat(settings.kafka()).containsEntry("sasl.mechanism", "PLAIN");
    }

    @Test
    void leavesOtherVariablesAlone() {
        Map<String, String> environment = Map.of("RARE_EGRESS_JAVA_OPTS", "-Xmx1g", "DETECTOR_THRESHOLD", "9",
                "rare_egress_detector_threshold", "9", "RARE_EGRESS_LOG_LEVEL_KAFKA", "INFO");

        Settings settings = SettingsLoader.load(null, environment, List.of());

        assertThat(settings.detector().threshold()).isEqualTo(4);
        assertThat(settings.kafka()).doesNotContainKey("log.level.kafka");
    }

    @Test
    void theLogFormatIsNoKeyButOnlyTextOrJson() {
        Settings settings = SettingsLoader.load(null, Map.of("RARE_EGRESS_LOG_FORMAT", "json"), List.of());

        assertThat(settings.effective()).doesNotContainKey("log.format");
        for (String bad : List.of("JSON", "xml", "")) {
            assertThatThrownBy(() -> SettingsLoader.load(null, Map.of("RARE_EGRESS_LOG_FORMAT", bad), List.of()))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("RARE_EGRESS_LOG_FORMAT")
                    .hasMessageContaining("text or json");
        }
    }

    @Test
    void rejectsAMisspeltVariableNamingTheVariableAndTheLikelyKey() {
        Map<String, String> environment = Map.of("RARE_EGRESS_DETECTOR_TRESHOLD", "1");

        assertThatThrownBy(() -> SettingsLoader.load(null, environment, List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("RARE_EGRESS_DETECTOR_TRESHOLD")
                .hasMessageContaining("did you mean RARE_EGRESS_DETECTOR_THRESHOLD");
    }

    @Test
    void trimsEnvironmentValuesAsItTrimsFileAndCommandLineValues() {
        Settings settings = SettingsLoader.load(null, Map.of("RARE_EGRESS_DETECTOR_THRESHOLD", " 5 "), List.of());

        assertThat(settings.detector().threshold()).isEqualTo(5);
    }

    // --- Kafka client keys ---

    @Test
    void passesAnyKafkaKeyToTheClients() {
        Settings settings = withSet("kafka.linger.ms=5", "kafka.security.protocol=SSL");

        assertThat(settings.kafka()).containsEntry("linger.ms", "5").containsEntry("security.protocol", "SSL");
    }

    @Test
    void leavesOutEmptyKafkaKeys() {
        Settings settings = withSet("kafka.client.id=");

        assertThat(settings.kafka()).doesNotContainKey("client.id");
    }

    // --- Unknown keys ---

    @Test
    void rejectsAnUnknownKeyInTheFileSuggestingTheKnownOne() throws IOException {
        Path file = file("detector.treshold=5");

        assertThatThrownBy(() -> SettingsLoader.load(file, Map.of(), List.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("detector.treshold"))
                .hasMessageContaining("unknown key")
                .hasMessageContaining("did you mean 'detector.threshold'?");
    }

    @Test
    void rejectsAnUnknownSetKeySuggestingTheKnownOne() {
        assertThatThrownBy(() -> withSet("filter.excluded-port=22"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("filter.excluded-port"))
                .hasMessageContaining("did you mean 'filter.excluded-ports'?");
    }

    @Test
    void rejectsAnUnknownKeyWithoutSuggestionWhenNothingIsClose() {
        assertThatThrownBy(() -> withSet("completely.different=1"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key")
                .hasMessageNotContaining("did you mean");
    }

    @Test
    void rejectsABareKafkaPrefix() {
        assertThatThrownBy(() -> withSet("kafka.=x")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key");
    }

    @Test
    void rejectsASetWithoutEquals() {
        assertThatThrownBy(() -> withSet("detector.threshold"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--set takes key=value");
    }

    @Test
    void rejectsAMissingConfigFile() {
        Path missing = dir.resolve("nope.properties");

        assertThatThrownBy(() -> SettingsLoader.load(missing, Map.of(), List.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("--config"))
                .hasMessageContaining("nope.properties");
    }

    // --- Validation: every error names its key ---

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "detector.window|P30X|ISO-8601 duration",
            "detector.window|30 days|ISO-8601 duration",
            "detector.window|PT0S|longer than zero",
            "detector.window|-P1D|must not be negative",
            "detector.window|P1000000D|at most P100000D",
            "detector.threshold|0|from 1 to 100",
            "detector.threshold|101|from 1 to 100, got 101 (the state of a process is one Kafka record of at most 1 MB)",
            "detector.threshold|four|whole number",
            "detector.threshold|4.0|whole number",
            "detector.warmup|P1X|ISO-8601 duration",
            "detector.warmup|-PT1S|must not be negative",
            "detector.evidence-cap|0|from 1 to 128",
            "detector.evidence-cap|129|from 1 to 128, got 129 (the state of a process is one Kafka record of at most 1 MB)",
            "alert.confirm-after|P30D|shorter than detector.window",
            "alert.confirm-after|P31D|shorter than detector.window",
            "alert.confirm-after|-PT1S|must not be negative",
            "alert.confirm-after|soon|ISO-8601 duration",
            "filter.excluded-networks|100.0.0.0/16,10.0.0.0/33|'10.0.0.0/33'",
            "filter.excluded-networks|1.2.3.999|'1.2.3.999'",
            "filter.excluded-process-regex|(chrome|valid regular expression",
            "filter.excluded-ports|80,70000|70000",
            "filter.excluded-ports|-1|-1",
            "filter.excluded-ports|http|'http'",
            "filter.protocols|''|at least one value",
            "filter.protocols|' , '|at least one value",
            "filter.action-types|''|at least one value",
            "filter.remote-ip-types|''|at least one value",
            "filter.require-empty-remote-url|yes|true or false",
            "input.format|xml|must be one of",
            "alert.format|cef|must be one of [native, ecs, ocsf], got 'cef'",
            "input.max-record-bytes|100|from 1024",
            "input.max-dead-letters-per-record|0|from 1 to 1000000, got 0",
            "input.max-dead-letters-per-record|1000001|from 1 to 1000000",
            "input.max-dead-letters-per-record|many|whole number",
            "input.max-future-skew|-P1D|must not be negative",
            "input.max-future-skew|P1000000D|at most P100000D",
            "http.port|65536|from 0 to 65535",
            "http.port|-1|from 0 to 65535",
            "http.probe-port|8080|must differ from http.port",
            "http.probe-port|70000|from 0 to 65535",
            "http.request-timeout|PT0.05S|from PT0.1S to PT1H",
            "http.request-timeout|PT2H|from PT0.1S to PT1H",
            "http.max-concurrent-requests|0|from 1 to 1024",
            "http.table-refresh|-PT1S|must not be negative",
            "http.table-max-bytes|100|from 1024",
            "http.auth-token|short|at least 16 characters",
            "http.recent-alerts|1001|from 0 to 1000",
            "http.recent-alerts|-1|from 0 to 1000",
            "rocksdb.memory-bytes|1048576|0 (unbounded) or at least 16777216",
            "rocksdb.memory-bytes|-1|from 0 to",
            "http.auth-token|sixteen chars and spaces|printable ASCII without spaces",
            "shutdown.timeout|PT0S|longer than zero",
            "shutdown.timeout|30s|ISO-8601 duration",
            "topic.input|bad topic|valid Kafka topic name",
            "topic.alerts|''|valid Kafka topic name",
            "kafka.application.id|''|must not be empty"})
    void namesTheKeyOfEveryInvalidValue(String key, String value, String problem) {
        assertThatThrownBy(() -> withSet(key + "=" + value))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo(key))
                .hasMessageStartingWith(key + ": ")
                .hasMessageContaining(problem);
    }

    @Test
    void httpDefaultsKeepTheProbesApartAndTheTableBoundedWithoutAToken() {
        HttpSettings http = Settings.defaults().http();

        assertThat(http).isEqualTo(new HttpSettings(8080, 8081, Duration.ofSeconds(10), 4, Duration.ofSeconds(10),
                64L * 1024 * 1024, "", 100));
        assertThat(http.requiresToken()).isFalse();
    }

    @Test
    void theAuthTokenComesFromTheEnvironmentAndNeverShowsInAMessageOrToString() {
        Settings settings = SettingsLoader.load(null, Map.of("RARE_EGRESS_HTTP_AUTH_TOKEN", "0123456789abcdef-token"),
                List.of());

        assertThat(settings.http().authToken()).isEqualTo("0123456789abcdef-token");
        assertThat(settings.http().toString()).doesNotContain("0123456789abcdef");
        assertThatThrownBy(() -> withSet("http.auth-token=hunter2")).hasMessageNotContaining("hunter2");
    }

    @Test
    void confirmAfterMustBeShorterThanAConfiguredWindow() {
        Settings ok = withSet("detector.window=PT1H", "alert.confirm-after=PT59M");

        assertThat(ok.detector().confirmAfter()).isEqualTo(Duration.ofMinutes(59));
        assertThatThrownBy(() -> withSet("detector.window=PT1H", "alert.confirm-after=PT1H"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("alert.confirm-after"));
    }

    @Test
    void rejectsTwoTopicsWithTheSameNameNamingBothKeys() {
        assertThatThrownBy(() -> withSet("topic.dead-letter=rare-egress.alerts"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("topic.alerts")
                .hasMessageContaining("topic.dead-letter")
                .hasMessageContaining("rare-egress.alerts");
    }

    @Test
    void readsListsWithSpacesAndEmptyItems() {
        Settings settings = withSet("filter.protocols= Tcp , Udp ,,", "filter.excluded-ports=22, 3389 ,");

        assertThat(settings.filter().protocols()).containsExactlyInAnyOrder("Tcp", "Udp");
        assertThat(settings.filter().excludedPorts()).containsExactlyInAnyOrder(22, 3389);
    }

    @Test
    void readsBooleansAndFormatsInAnyCase() {
        Settings settings = withSet("filter.require-empty-remote-url=FALSE", "input.format=Envelope");

        assertThat(settings.filter().requireEmptyRemoteUrl()).isFalse();
        assertThat(settings.input().format()).isEqualTo(InputFormat.ENVELOPE);
    }

    @Test
    void alertsAreNativeByDefaultAndTheFormatIsReadInAnyCase() {
        assertThat(Settings.defaults().alertFormat()).isEqualTo(AlertFormat.NATIVE);

        assertThat(withSet("alert.format=ECS").alertFormat()).isEqualTo(AlertFormat.ECS);
        assertThat(withSet("alert.format=ocsf").alertFormat()).isEqualTo(AlertFormat.OCSF);
    }

    @Test
    void readsGeoIpPaths() {
        Settings settings = withSet("geoip.database=/data/GeoLite2-Country.mmdb");

        assertThat(settings.geoip().database()).contains(Path.of("/data/GeoLite2-Country.mmdb"));
    }

    @Test
    void settingsAreImmutable() {
        Settings settings = Settings.defaults();

        assertThatThrownBy(() -> settings.kafka().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> settings.filter().protocols().add("Udp")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(Set.copyOf(settings.filter().excludedPorts())).hasSize(2);
    }
}
