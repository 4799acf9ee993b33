package org.rareegress.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.rareegress.TestFixtures;
import org.rareegress.config.SettingsLoader;

/**
 * docker-compose.yml, checked without a Docker engine: against the Compose Specification's JSON schema
 * (src/test/resources/schemas/compose-spec.json) and for what the stack needs to work.
 */
class ComposeFileTest {
    private static final JsonNode COMPOSE = RepoFiles.yaml(RepoFiles.read("docker-compose.yml"));
    private static final JsonNode SERVICES = COMPOSE.path("services");
    private static final List<String> APP_SERVICES = List.of("topics", "detector", "simulator");

    @Test
    void composeFileFollowsTheComposeSpecification() {
        List<Error> errors = composeSchema().validate(COMPOSE);

        assertThat(errors).isEmpty();
    }

    @Test
    void schemaCheckCatchesAMistypedKey() {
        ObjectNode broken = COMPOSE.deepCopy();
        ((ObjectNode) broken.path("services").path("detector")).put("depends_om", "kafka");

        // Proves the validator really applies the schema (additionalProperties: false on services).
        assertThat(composeSchema().validate(broken)).extracting(Error::getMessage).anyMatch(m -> m.contains("depends_om"));
    }

    @Test
    void brokerIsOneKraftNodeWithInternalAndHostListeners() {
        JsonNode kafka = SERVICES.path("kafka");
        JsonNode env = kafka.path("environment");

        assertThat(kafka.path("image").asText()).isEqualTo("apache/kafka:" + RepoFiles.pomKafkaVersion());
        assertThat(RepoFiles.pomKafkaVersion()).startsWith("4.");
        assertThat(env.path("CLUSTER_ID").asText()).isNotBlank();
        assertThat(env.path("KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
        assertThat(env.path("KAFKA_LISTENERS").asText()).contains("INTERNAL://", "HOST://:9092", "CONTROLLER://");
        assertThat(env.path("KAFKA_ADVERTISED_LISTENERS").asText()).contains("INTERNAL://kafka:29092", "HOST://localhost:9092");
        assertThat(env.path("KAFKA_CONTROLLER_LISTENER_NAMES").asText()).isEqualTo("CONTROLLER");
        assertThat(env.path("KAFKA_AUTO_CREATE_TOPICS_ENABLE").asText()).isEqualTo("false");
        for (String factor : List.of("KAFKA_DEFAULT_REPLICATION_FACTOR", "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR",
                "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR")) {
            assertThat(env.path(factor).asText()).as(factor).isEqualTo("1");
        }
        assertThat(strings(kafka.path("ports"))).containsExactly("127.0.0.1:9092:9092");
        assertThat(String.join(" ", strings(kafka.at("/healthcheck/test")))).contains("/opt/kafka/bin/kafka-");
    }

    @Test
    void detectorStartsOnlyAfterTheTopicsExist() {
        assertThat(SERVICES.at("/topics/depends_on/kafka/condition").asText()).isEqualTo("service_healthy");
        assertThat(SERVICES.at("/detector/depends_on/topics/condition").asText()).isEqualTo("service_completed_successfully");
        assertThat(SERVICES.at("/simulator/depends_on/topics/condition").asText()).isEqualTo("service_completed_successfully");
        assertThat(strings(SERVICES.at("/topics/command"))).startsWith("topics")
                .containsSubsequence("--replication-factor", "1");
        assertThat(SERVICES.at("/topics/restart").asText()).isEqualTo("no");
    }

    @Test
    void appServicesShareOneImageAndUseContractEnvironmentNames() {
        Set<String> known = new TreeSet<>(RepoFiles.defaults().stringPropertyNames());
        known.add("shutdown.timeout");
        Set<String> knownNames = new TreeSet<>();
        known.forEach(key -> knownNames.add(SettingsLoader.environmentName(key)));

        for (String service : APP_SERVICES) {
            JsonNode definition = SERVICES.path(service);
            assertThat(definition.path("image").asText()).as(service).isEqualTo("rare-egress:local");
            assertThat(definition.at("/build/context").asText()).as(service).isEqualTo(".");
            definition.path("environment").fieldNames().forEachRemaining(name -> {
                if (name.startsWith("RARE_EGRESS_")) {
                    // A typo (RARE_EGRESS_HTTP_PROT) would be silently ignored by the application.
                    assertThat(knownNames.contains(name) || name.startsWith("RARE_EGRESS_KAFKA_"))
                            .as("%s: %s maps to no configuration key", service, name).isTrue();
                } else {
                    assertThat(name).as(service).isEqualTo("JAVA_TOOL_OPTIONS");
                }
            });
            assertThat(definition.at("/environment/RARE_EGRESS_KAFKA_BOOTSTRAP_SERVERS").asText())
                    .as("the internal listener").isEqualTo("kafka:29092");
        }
    }

    @Test
    void detectorKeepsStateServesHttpAndShutsDownCleanly() {
        JsonNode detector = SERVICES.path("detector");

        assertThat(strings(detector.path("command"))).containsExactly("run", "--config", "/etc/rare-egress/rare-egress.properties");
        assertThat(strings(detector.path("volumes"))).contains("detector-state:/var/lib/rare-egress");
        assertThat(COMPOSE.path("volumes").has("detector-state")).isTrue();
        assertThat(strings(detector.path("ports"))).containsExactly("127.0.0.1:8080:8080");
        assertThat(String.join(" ", strings(detector.at("/healthcheck/test")))).contains("/live").contains("8081");
        assertThat(detector.at("/environment/RARE_EGRESS_HTTP_PROBE_PORT").asText()).isEqualTo("8081");
        Duration shutdown = Duration.parse(detector.at("/environment/RARE_EGRESS_SHUTDOWN_TIMEOUT").asText());
        assertThat(composeDuration(detector.path("stop_grace_period").asText())).isGreaterThan(shutdown);
        assertThat(detector.path("restart").asText()).isEqualTo("unless-stopped");
    }

    @Test
    void appContainersAreHardened() {
        for (String service : APP_SERVICES) {
            JsonNode definition = SERVICES.path(service);
            assertThat(definition.path("read_only").asBoolean()).as(service).isTrue();
            // RocksDB and zstd load native libraries from /tmp: it must be writable and exec-able.
            assertThat(strings(definition.path("tmpfs"))).as(service).containsExactly("/tmp:exec");
            assertThat(strings(definition.path("cap_drop"))).as(service).containsExactly("ALL");
            assertThat(strings(definition.path("security_opt"))).as(service).contains("no-new-privileges:true");
        }
        assertThat(SERVICES.at("/topics/healthcheck/disable").asBoolean()).as("no HTTP in `topics`").isTrue();
        assertThat(SERVICES.at("/simulator/healthcheck/disable").asBoolean()).as("no HTTP in `simulate`").isTrue();
    }

    @Test
    void simulatorFeedsTheInputTopicLive() {
        List<String> command = strings(SERVICES.at("/simulator/command"));

        assertThat(command).startsWith("simulate").contains("--topic", "--live", "--devices", "--days", "--seed", "--rate");
    }

    @Test
    void geoipProfileSharesItsVolumeWithTheDetector() {
        JsonNode geoip = SERVICES.path("geoipupdate");

        assertThat(strings(geoip.path("profiles"))).containsExactly("geoip");
        assertThat(strings(geoip.path("volumes"))).contains("geoip:/usr/share/GeoIP");
        assertThat(strings(SERVICES.at("/detector/volumes"))).contains("geoip:/usr/share/GeoIP:ro");
        assertThat(SERVICES.at("/detector/depends_on/geoipupdate/required").asBoolean(true))
                .as("the default profile must start without geoipupdate").isFalse();
        assertThat(geoip.at("/environment/GEOIPUPDATE_ACCOUNT_ID").asText()).startsWith("${");
        assertThat(geoip.at("/environment/GEOIPUPDATE_LICENSE_KEY_FILE").asText()).isEqualTo("/run/secrets/maxmind_license_key");
        assertThat(COMPOSE.at("/secrets/maxmind_license_key/environment").asText()).isEqualTo("GEOIPUPDATE_LICENSE_KEY");
        assertThat(SERVICES.at("/detector/environment/RARE_EGRESS_GEOIP_DATABASE").asText())
                .as("empty unless the geoip profile's database is asked for").isEqualTo("${RARE_EGRESS_GEOIP_DATABASE:-}");
    }

    @Test
    void monitoringProfileScrapesTheDetector() {
        JsonNode prometheus = SERVICES.path("prometheus");

        assertThat(strings(prometheus.path("profiles"))).containsExactly("monitoring");
        String mount = strings(prometheus.path("volumes")).stream().filter(v -> v.endsWith("prometheus.yml:ro")).findFirst().orElseThrow();
        Path config = RepoFiles.root().resolve(mount.substring(0, mount.indexOf(':')));
        assertThat(config).exists();
        JsonNode scrape = RepoFiles.yaml(RepoFiles.read(config)).at("/scrape_configs/0");
        assertThat(scrape.path("metrics_path").asText()).isEqualTo("/metrics");
        assertThat(strings(scrape.at("/static_configs/0/targets"))).containsExactly("detector:8080");
    }

    @Test
    void everyImageIsPinnedToAVersion() {
        SERVICES.fields().forEachRemaining(service -> {
            String image = service.getValue().path("image").asText();
            String tag = image.substring(image.lastIndexOf(':') + 1);
            assertThat(image).as(service.getKey()).contains(":");
            assertThat(tag).as(service.getKey()).isNotIn("latest", "").matches(".*[0-9].*|local");
        });
    }

    @Test
    void noCredentialIsWrittenInTheFile() {
        Pattern sensitive = Pattern.compile("(?i).*(password|secret|licen[cs]e_key|jaas|token|account_id).*");
        List<String> inline = new ArrayList<>();
        SERVICES.fields().forEachRemaining(service -> service.getValue().path("environment").fields().forEachRemaining(variable -> {
            String value = variable.getValue().asText();
            boolean fromEnvironment = value.startsWith("${") && value.endsWith("}");
            boolean fromFile = variable.getKey().endsWith("_FILE") && value.startsWith("/run/secrets/");
            if (sensitive.matcher(variable.getKey()).matches() && !fromEnvironment && !fromFile) {
                inline.add(service.getKey() + "." + variable.getKey());
            }
        }));

        assertThat(inline).isEmpty();
        assertThat(RepoFiles.read("docker-compose.yml").toLowerCase(Locale.ROOT)).doesNotContain("licensekey ", "password=");
    }

    private static Schema composeSchema() {
        Path schemaFile = TestFixtures.path("schemas/compose-spec.json");
        ObjectNode schema = (ObjectNode) RepoFiles.yaml(RepoFiles.read(schemaFile));
        // Its "$schema" names draft-07 by an https URL the validator would try to fetch; say draft-07 here.
        schema.remove("$schema");
        // Its relative "$id" (compose_spec.json) resolves against the file's own location.
        // The spec marks some fields "deprecated", a draft 2019-09 annotation: known here, so no warning.
        Dialect draft7 = Dialect.builder(Dialects.getDraft7()).keyword(new AnnotationKeyword("deprecated")).build();
        return SchemaRegistry.withDefaultDialect(draft7)
                .getSchema(SchemaLocation.of(schemaFile.toUri().toString()), schema);
    }

    /** Compose durations such as 45s, 1m30s. */
    private static Duration composeDuration(String text) {
        return Duration.parse("PT" + text.toUpperCase(Locale.ROOT));
    }

    private static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
