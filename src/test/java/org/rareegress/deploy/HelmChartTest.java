package org.rareegress.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rareegress.deploy.RenderedChart.FULLNAME;
import static org.rareegress.deploy.RenderedChart.HEADLESS;
import static org.rareegress.deploy.RenderedChart.env;
import static org.rareegress.deploy.RenderedChart.namedIn;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * helm/rare-egress linted and rendered by the real Helm, with the value sets of the chart's ci/ folder;
 * each test asserts on the rendered objects, not only that rendering succeeded.
 */
class HelmChartTest {

    @Test
    void chartPassesStrictLint() {
        LintResult result = new Helm(RenderedChart.CHART).lint().strict().call();

        assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(line -> line.contains("[WARNING]") || line.contains("[ERROR]"));
    }

    @Test
    void notesTellHowToWaitForAndReachTheRelease() {
        // `template` skips NOTES.txt; a client-only dry-run install renders it as `helm install` would.
        String output = new Helm(RenderedChart.CHART).install().withName("rare-egress").withNamespace("detect")
                .withKubeVersion("1.31.0").dryRun().withDryRunOption(DryRun.CLIENT).clientOnly().call().getOutput();

        assertThat(output).contains("kubectl -n detect rollout status statefulset/rare-egress")
                .contains("helm test rare-egress -n detect")
                .contains("port-forward svc/rare-egress 8080")
                .contains("Topics are not created by this release");
    }

    @Test
    void defaultsRenderTheDetectorAndItsServices() {
        RenderedChart chart = RenderedChart.renderCi("default-values.yaml");

        assertThat(chart.summary()).contains(
                "StatefulSet/" + FULLNAME, "Service/" + FULLNAME, "Service/" + HEADLESS, "ConfigMap/" + FULLNAME,
                "PodDisruptionBudget/" + FULLNAME, "ServiceAccount/" + FULLNAME, "Pod/" + FULLNAME + "-test-ready");
        assertThat(chart.ofKind("Job")).as("topics Job is opt-in").isEmpty();
        assertThat(chart.ofKind("Secret")).as("no Secret unless asked for").isEmpty();
        assertThat(chart.ofKind("ServiceMonitor")).isEmpty();
        assertThat(chart.ofKind("PrometheusRule")).isEmpty();
    }

    @Test
    void statefulSetKeepsStateOnAClaimPerPod() {
        RenderedChart chart = RenderedChart.renderCi("default-values.yaml");

        JsonNode spec = chart.statefulSet().path("spec");
        assertThat(spec.path("podManagementPolicy").asText()).isEqualTo("Parallel");
        assertThat(spec.path("serviceName").asText()).isEqualTo(HEADLESS);
        JsonNode claim = spec.path("volumeClaimTemplates").get(0);
        assertThat(claim.path("metadata").path("name").asText()).isEqualTo("state");
        assertThat(claim.path("spec").path("resources").path("requests").path("storage").asText()).isEqualTo("10Gi");
        assertThat(claim.path("spec").path("accessModes").get(0).asText()).isEqualTo("ReadWriteOnce");
        assertThat(namedIn(chart.podSpec().path("volumes"), "state").isMissingNode())
                .as("the claim template, not a pod volume, provides 'state'").isTrue();
        assertThat(mountPath(chart.container("detector"), "state")).isEqualTo("/var/lib/rare-egress");
        assertThat(chart.configProperties().getProperty("kafka.state.dir")).isEqualTo("/var/lib/rare-egress/state");
    }

    @Test
    void withoutPersistenceStateIsAnEmptyDir() {
        RenderedChart chart = RenderedChart.renderCi("no-persistence-values.yaml");

        assertThat(chart.statefulSet().path("spec").has("volumeClaimTemplates")).isFalse();
        assertThat(namedIn(chart.podSpec().path("volumes"), "state").has("emptyDir")).isTrue();
        assertThat(mountPath(chart.container("detector"), "state")).isEqualTo("/var/lib/rare-egress");
    }

    @Test
    void headlessServiceGivesEachPodItsApplicationServerAddress() {
        RenderedChart chart = RenderedChart.renderCi("default-values.yaml");

        JsonNode headless = chart.get("Service", HEADLESS).path("spec");
        assertThat(headless.path("clusterIP").asText()).isEqualTo("None");
        assertThat(headless.path("publishNotReadyAddresses").asBoolean()).isTrue();
        JsonNode detector = chart.container("detector");
        List<String> envNames = names(detector.path("env"));
        assertThat(envNames.indexOf("POD_NAME")).as("$(POD_NAME) must be defined before it is used")
                .isGreaterThanOrEqualTo(0)
                .isLessThan(envNames.indexOf("RARE_EGRESS_KAFKA_APPLICATION_SERVER"));
        assertThat(env(detector, "POD_NAME").path("valueFrom").path("fieldRef").path("fieldPath").asText())
                .isEqualTo("metadata.name");
        assertThat(env(detector, "POD_NAMESPACE").path("valueFrom").path("fieldRef").path("fieldPath").asText())
                .isEqualTo("metadata.namespace");
        assertThat(env(detector, "RARE_EGRESS_KAFKA_APPLICATION_SERVER").path("value").asText())
                .isEqualTo("$(POD_NAME)." + HEADLESS + ".$(POD_NAMESPACE).svc:8080");
        assertThat(chart.configProperties()).as("per pod, so not in the shared file")
                .doesNotContainKey("kafka.application.server");
    }

    @Test
    void eachPodJoinsTheGroupAsItselfSoARestartTakesBackItsTasks() {
        RenderedChart chart = RenderedChart.renderCi("default-values.yaml");

        JsonNode detector = chart.container("detector");
        List<String> envNames = names(detector.path("env"));
        assertThat(envNames.indexOf("POD_NAME")).isLessThan(envNames.indexOf("RARE_EGRESS_KAFKA_GROUP_INSTANCE_ID"));
        assertThat(env(detector, "RARE_EGRESS_KAFKA_GROUP_INSTANCE_ID").path("value").asText()).isEqualTo("$(POD_NAME)");
        assertThat(chart.configProperties()).as("per pod, so not in the shared file")
                .doesNotContainKey("kafka.group.instance.id");
    }

    @Test
    void staticMembershipCanBeTurnedOff() {
        RenderedChart chart = RenderedChart.render("staticMembership: false\n");

        assertThat(names(chart.container("detector").path("env"))).doesNotContain("RARE_EGRESS_KAFKA_GROUP_INSTANCE_ID");
    }

    @Test
    void probesHitTheHealthEndpointsOnTheProbePort() {
        JsonNode detector = RenderedChart.renderCi("default-values.yaml").container("detector");

        assertThat(namedIn(detector.path("ports"), "http").path("containerPort").asInt()).isEqualTo(8080);
        assertThat(namedIn(detector.path("ports"), "probes").path("containerPort").asInt()).isEqualTo(8081);
        assertThat(detector.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/live");
        assertThat(detector.at("/livenessProbe/httpGet/port").asText()).isEqualTo("probes");
        assertThat(detector.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/ready");
        assertThat(detector.at("/readinessProbe/httpGet/port").asText()).isEqualTo("probes");
        assertThat(detector.at("/startupProbe/httpGet/path").asText()).isEqualTo("/live");
        assertThat(detector.at("/startupProbe/httpGet/port").asText()).isEqualTo("probes");
        int startupBudget = detector.at("/startupProbe/periodSeconds").asInt()
                * detector.at("/startupProbe/failureThreshold").asInt();
        assertThat(startupBudget).as("seconds before a slow start is killed").isGreaterThanOrEqualTo(600);
    }

    @Test
    void httpPortFollowsTheConfiguration() {
        RenderedChart chart = RenderedChart.render("config:\n  http.port: 9090\n");

        assertThat(namedIn(chart.container("detector").path("ports"), "http").path("containerPort").asInt()).isEqualTo(9090);
        assertThat(chart.get("Service", FULLNAME).at("/spec/ports/0/port").asInt()).isEqualTo(9090);
        assertThat(chart.configProperties().getProperty("http.port")).as("no 9090.0 or 9.09e+03").isEqualTo("9090");
        assertThat(env(chart.container("detector"), "RARE_EGRESS_KAFKA_APPLICATION_SERVER").path("value").asText())
                .endsWith(":9090");
    }

    @Test
    void probePortFollowsTheConfigurationAndStaysOffTheServices() {
        RenderedChart chart = RenderedChart.render("config:\n  http.probe-port: 9091\n");

        assertThat(namedIn(chart.container("detector").path("ports"), "probes").path("containerPort").asInt())
                .isEqualTo(9091);
        assertThat(chart.configProperties().getProperty("http.probe-port")).isEqualTo("9091");
        assertThat(chart.get("Service", FULLNAME).path("spec").path("ports")).hasSize(1);
    }

    @Test
    void theTableTokenComesFromTheSecretAndNeverFromTheConfigMap() {
        RenderedChart chart = RenderedChart.renderCi("sasl-existing-secret-values.yaml");

        JsonNode token = env(chart.container("detector"), "RARE_EGRESS_HTTP_AUTH_TOKEN").at("/valueFrom/secretKeyRef");
        assertThat(token.path("name").asText()).isEqualTo("rare-egress-kafka");
        assertThat(token.path("key").asText()).isEqualTo("http-auth-token");
        assertThat(token.path("optional").asBoolean()).as("no key, no token required").isTrue();
        assertThat(chart.configProperties().getProperty("http.auth-token")).isEmpty();
        assertThatThrownBy(() -> RenderedChart.render("config:\n  http.auth-token: s3cret-in-a-configmap\n"))
                .hasMessageContaining("http.auth-token");
    }

    @Test
    void gracePeriodOutlastsTheShutdownTimeout() {
        long byDefault = RenderedChart.renderCi("default-values.yaml").podSpec().path("terminationGracePeriodSeconds").asLong();
        long longer = RenderedChart.render("config:\n  shutdown.timeout: PT2M\n")
                .podSpec().path("terminationGracePeriodSeconds").asLong();

        assertThat(byDefault).isEqualTo(30 + 30);
        assertThat(longer).isEqualTo(120 + 30);
        assertThatThrownBy(() -> RenderedChart.render("terminationGracePeriodSeconds: 30\n"))
                .hasMessageContaining("must be longer than shutdown.timeout");
    }

    @Test
    void configMapHoldsEveryConfigurationKeyWithItsDefault() {
        Properties rendered = RenderedChart.renderCi("default-values.yaml").configProperties();
        Properties defaults = RepoFiles.defaults();

        assertThat(rendered.stringPropertyNames()).containsAll(defaults.stringPropertyNames());
        for (String key : defaults.stringPropertyNames()) {
            // The brokers are the user's; RocksDB's memory the chart sizes from the container (its own test).
            if (!key.equals("kafka.bootstrap.servers") && !key.equals("rocksdb.memory-bytes")) {
                // values.yaml mirrors defaults.properties: a default changed in one place only is a bug.
                assertThat(rendered.getProperty(key)).as(key).isEqualTo(defaults.getProperty(key));
            }
        }
        assertThat(rendered.getProperty("shutdown.timeout")).isEqualTo("PT30S");
    }

    @Test
    void configurationChangesRollThePods() {
        String before = RenderedChart.renderCi("default-values.yaml").statefulSet()
                .at("/spec/template/metadata/annotations/checksum~1config").asText();
        String after = RenderedChart.render("config:\n  detector.threshold: \"5\"\n").statefulSet()
                .at("/spec/template/metadata/annotations/checksum~1config").asText();

        assertThat(before).hasSize(64);
        assertThat(after).isNotEqualTo(before);
    }

    @Test
    void detectorRunsTheConfigFileFromTheConfigMap() {
        RenderedChart chart = RenderedChart.renderCi("default-values.yaml");

        JsonNode detector = chart.container("detector");
        assertThat(strings(detector.path("args"))).containsExactly("run", "--config", "/etc/rare-egress/rare-egress.properties");
        assertThat(mountPath(detector, "config")).isEqualTo("/etc/rare-egress/rare-egress.properties");
        assertThat(namedIn(chart.podSpec().path("volumes"), "config").at("/configMap/name").asText()).isEqualTo(FULLNAME);
        assertThat(detector.path("image").asText()).isEqualTo("rare-egress:0.1.0");
    }

    @Test
    void podsRunAsNonRootWithAReadOnlyRoot() {
        RenderedChart chart = RenderedChart.renderCi("default-values.yaml");

        JsonNode pod = chart.podSpec().path("securityContext");
        assertThat(pod.path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.path("runAsUser").asInt()).isEqualTo(10001);
        assertThat(pod.path("fsGroup").asInt()).isEqualTo(10001);
        assertThat(pod.at("/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
        JsonNode container = chart.container("detector").path("securityContext");
        assertThat(container.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(container.path("allowPrivilegeEscalation").asBoolean()).isFalse();
        assertThat(strings(container.at("/capabilities/drop"))).containsExactly("ALL");
        assertThat(mountPath(chart.container("detector"), "tmp")).isEqualTo("/tmp");
        assertThat(namedIn(chart.podSpec().path("volumes"), "tmp").has("emptyDir")).isTrue();
        assertThat(chart.podSpec().path("automountServiceAccountToken").asBoolean()).isFalse();
    }

    @Test
    void resourcesAndDisruptionBudgetAreSet() {
        RenderedChart chart = RenderedChart.renderCi("default-values.yaml");

        JsonNode resources = chart.container("detector").path("resources");
        assertThat(resources.at("/requests/memory").asText()).isEqualTo("1Gi");
        assertThat(resources.at("/limits/memory").asText()).isEqualTo("2Gi");
        assertThat(resources.at("/requests/cpu").asText()).isNotEmpty();
        JsonNode pdb = chart.get("PodDisruptionBudget", FULLNAME).path("spec");
        assertThat(pdb.path("maxUnavailable").asInt()).isEqualTo(1);
        JsonNode podLabels = chart.statefulSet().at("/spec/template/metadata/labels");
        pdb.at("/selector/matchLabels").fields().forEachRemaining(label ->
                assertThat(podLabels.path(label.getKey()).asText()).as(label.getKey()).isEqualTo(label.getValue().asText()));
    }

    @Test
    void withoutASecretNoCredentialIsReferenced() {
        RenderedChart chart = RenderedChart.renderCi("default-values.yaml");

        assertThat(chart.container("detector").path("env").findValues("secretKeyRef")).isEmpty();
    }

    @Test
    void saslCredentialsComeFromTheExistingSecret() {
        RenderedChart chart = RenderedChart.renderCi("sasl-existing-secret-values.yaml");

        JsonNode detector = chart.container("detector");
        JsonNode jaas = env(detector, "RARE_EGRESS_KAFKA_SASL_JAAS_CONFIG").at("/valueFrom/secretKeyRef");
        assertThat(jaas.path("name").asText()).isEqualTo("rare-egress-kafka");
        assertThat(jaas.path("key").asText()).isEqualTo("kafka-sasl-jaas-config");
        assertThat(jaas.path("optional").asBoolean()).isTrue();
        assertThat(env(detector, "RARE_EGRESS_KAFKA_SSL_TRUSTSTORE_PASSWORD").at("/valueFrom/secretKeyRef/name").asText())
                .isEqualTo("rare-egress-kafka");
        assertThat(chart.ofKind("Secret")).as("an existing Secret is used, not created").isEmpty();
        Properties config = chart.configProperties();
        assertThat(config.getProperty("kafka.security.protocol")).isEqualTo("SASL_SSL");
        assertThat(config.getProperty("kafka.sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
        assertThat(config.stringPropertyNames()).noneMatch(key -> key.contains("jaas") || key.contains("password"));
        assertThat(namedIn(chart.podSpec().path("volumes"), "kafka-tls").at("/secret/secretName").asText())
                .isEqualTo("rare-egress-kafka-tls");
        assertThat(mountPath(detector, "kafka-tls")).isEqualTo("/etc/rare-egress/kafka-tls");
    }

    @Test
    void topicsJobIsAPreInstallHookFedByTheChartsTopicCopy() {
        RenderedChart chart = RenderedChart.renderCi("sasl-existing-secret-values.yaml");

        JsonNode job = chart.get("Job", FULLNAME + "-topics");
        JsonNode configMap = chart.get("ConfigMap", FULLNAME + "-topics");
        assertThat(job.at("/metadata/annotations/rendered.helm.sh~1hook").asText()).isEqualTo("pre-install,pre-upgrade");
        assertThat(configMap.at("/metadata/annotations/rendered.helm.sh~1hook").asText()).isEqualTo("pre-install,pre-upgrade");
        assertThat(configMap.at("/metadata/annotations/rendered.helm.sh~1hook-weight").asInt())
                .as("the ConfigMap must exist before the Job").isLessThan(job.at("/metadata/annotations/rendered.helm.sh~1hook-weight").asInt());
        JsonNode pod = job.at("/spec/template/spec");
        JsonNode topics = RenderedChart.containerIn(pod.path("containers"), "topics").orElseThrow();
        assertThat(strings(topics.path("args"))).containsExactly(
                "topics", "--config", "/etc/rare-egress/rare-egress.properties", "--dir", "/etc/rare-egress/topics");
        assertThat(env(topics, "RARE_EGRESS_KAFKA_SASL_JAAS_CONFIG").at("/valueFrom/secretKeyRef/name").asText())
                .isEqualTo("rare-egress-kafka");
        assertThat(mountPath(topics, "hook-topics")).isEqualTo("/etc/rare-egress/topics");
        List<String> topicFiles = ChartTopicFiles.names();
        assertThat(strings(namedIn(pod.path("volumes"), "hook-topics").at("/configMap/items").findValues("key")))
                .as("--dir holds topic definitions only").containsExactlyInAnyOrderElementsOf(topicFiles);
        for (String file : topicFiles) {
            assertThat(configMap.at("/data").path(file).asText()).as(file).isEqualTo(ChartTopicFiles.content(file));
        }
        assertThat(RepoFiles.properties(configMap.at("/data/rare-egress.properties").asText()))
                .isEqualTo(chart.configProperties());
    }

    @Test
    void topicsJobCanForceAReplicationFactor() {
        JsonNode job = RenderedChart.render("topicsJob:\n  enabled: true\n  replicationFactor: 1\n")
                .get("Job", FULLNAME + "-topics");

        assertThat(strings(job.at("/spec/template/spec/containers/0/args"))).endsWith("--replication-factor", "1");
    }

    @Test
    void chartMadeSecretIsAnEarlierHookOnlyWhenTheJobNeedsIt() {
        String secretValues = "secret:\n  create: true\n  data:\n    kafka-sasl-jaas-config: \"x required;\"\n";

        JsonNode withJob = RenderedChart.render(secretValues, "topicsJob:\n  enabled: true\n").get("Secret", FULLNAME);
        JsonNode withoutJob = RenderedChart.render(secretValues).get("Secret", FULLNAME);

        assertThat(withJob.at("/data/kafka-sasl-jaas-config").asText()).isEqualTo("eCByZXF1aXJlZDs=");
        assertThat(withJob.at("/metadata/annotations/rendered.helm.sh~1hook-weight").asInt()).isLessThan(-5);
        assertThat(withoutJob.path("metadata").has("annotations")).isFalse();
    }

    @Test
    void geoipUpdaterFillsASharedVolumeBeforeStartAndRefreshesIt() {
        RenderedChart chart = RenderedChart.renderCi("geoip-values.yaml");

        JsonNode init = RenderedChart.containerIn(chart.podSpec().path("initContainers"), "geoipupdate-init").orElseThrow();
        JsonNode sidecar = chart.container("geoipupdate");
        assertThat(env(init, "GEOIPUPDATE_FREQUENCY").path("value").asText()).isEqualTo("0");
        assertThat(env(sidecar, "GEOIPUPDATE_FREQUENCY").path("value").asText()).isEqualTo("24");
        for (JsonNode updater : List.of(init, sidecar)) {
            assertThat(updater.path("image").asText()).isEqualTo("ghcr.io/maxmind/geoipupdate:v7.1.1");
            JsonNode licence = env(updater, "GEOIPUPDATE_LICENSE_KEY").at("/valueFrom/secretKeyRef");
            assertThat(licence.path("name").asText()).isEqualTo("rare-egress-credentials");
            assertThat(licence.path("key").asText()).isEqualTo("maxmind-license-key");
            assertThat(env(updater, "GEOIPUPDATE_ACCOUNT_ID").at("/valueFrom/secretKeyRef/key").asText())
                    .isEqualTo("maxmind-account-id");
            assertThat(mountPath(updater, "geoip")).isEqualTo("/usr/share/GeoIP");
            assertThat(updater.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        }
        JsonNode detectorMount = namedIn(chart.container("detector").path("volumeMounts"), "geoip");
        assertThat(detectorMount.path("mountPath").asText()).isEqualTo("/usr/share/GeoIP");
        assertThat(detectorMount.path("readOnly").asBoolean()).isTrue();
        Properties config = chart.configProperties();
        assertThat(config.getProperty("geoip.database")).isEqualTo("/usr/share/GeoIP/GeoLite2-Country.mmdb");
        assertThat(config.getProperty("geoip.asn-database")).isEqualTo("/usr/share/GeoIP/GeoLite2-ASN.mmdb");
    }

    @Test
    void geoipOffRendersNoUpdaterAndNoDatabase() {
        RenderedChart chart = RenderedChart.renderCi("default-values.yaml");

        assertThat(chart.podSpec().has("initContainers")).isFalse();
        assertThat(names(chart.podSpec().path("containers"))).containsExactly("detector");
        assertThat(namedIn(chart.podSpec().path("volumes"), "geoip").isMissingNode()).isTrue();
        assertThat(chart.configProperties().getProperty("geoip.database")).isEmpty();
    }

    @Test
    void geoipWithoutCredentialsIsRefused() {
        assertThatThrownBy(() -> RenderedChart.render("geoip:\n  enabled: true\n"))
                .hasMessageContaining("MaxMind account id and licence key");
    }

    @Test
    void threeReplicasAreEachCheckedByTheHelmTest() {
        RenderedChart chart = RenderedChart.renderCi("replicas-3-values.yaml");

        assertThat(chart.statefulSet().at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(chart.podSpec().at("/affinity/podAntiAffinity").isObject()).isTrue();
        assertThat(chart.configProperties().getProperty("kafka.num.standby.replicas")).isEqualTo("1");
        JsonNode test = chart.get("Pod", FULLNAME + "-test-ready");
        assertThat(test.at("/metadata/annotations/rendered.helm.sh~1hook").asText()).isEqualTo("test");
        String script = test.at("/spec/containers/0/args/0").asText();
        assertThat(script).contains("seq 0 2")
                .contains("http://" + FULLNAME + "-$i." + HEADLESS + ":8080/ready")
                .contains("http://" + FULLNAME + ":8080/ready");
    }

    @Test
    void serviceMonitorScrapesEveryPodThroughTheHeadlessService() {
        RenderedChart chart = RenderedChart.renderCi("monitoring-values.yaml");

        JsonNode monitor = chart.get("ServiceMonitor", FULLNAME);
        assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("kube-prometheus-stack");
        JsonNode endpoint = monitor.at("/spec/endpoints/0");
        assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
        assertThat(endpoint.path("port").asText()).isEqualTo("http");
        assertThat(namedIn(chart.get("Service", HEADLESS).at("/spec/ports"), "http").isMissingNode()).isFalse();
        JsonNode selector = monitor.at("/spec/selector/matchLabels");
        assertThat(matches(selector, chart.get("Service", HEADLESS).at("/metadata/labels"))).isTrue();
        assertThat(matches(selector, chart.get("Service", FULLNAME).at("/metadata/labels")))
                .as("one target per pod, not two").isFalse();
    }

    @Test
    void prometheusRuleAlertsOnLagDeadLettersSpikesAndReadiness() {
        JsonNode rule = RenderedChart.renderCi("monitoring-values.yaml").get("PrometheusRule", FULLNAME);

        JsonNode rules = rule.at("/spec/groups/0/rules");
        assertThat(strings(rules.findValues("alert"))).containsExactly(
                "RareEgressConsumerLagHigh", "RareEgressDeadLetters", "RareEgressAlertRateSpike", "RareEgressInstanceNotReady");
        assertThat(expr(rules, "RareEgressConsumerLagHigh")).contains("kafka_consumer_fetch_manager_records_lag_max").contains("> 100000");
        assertThat(expr(rules, "RareEgressDeadLetters")).contains("rare_egress_dead_letters_total").contains("> 0");
        assertThat(expr(rules, "RareEgressAlertRateSpike")).contains("rare_egress_alerts_total").contains("> 5 *");
        assertThat(expr(rules, "RareEgressInstanceNotReady")).contains("kube_pod_status_ready");
        for (JsonNode each : rules) {
            assertThat(each.path("expr").asText()).as(each.path("alert").asText())
                    .contains("namespace=\"detect\", pod=~\"" + FULLNAME + "-[0-9]+\"");
            assertThat(each.at("/labels/severity").asText()).isNotEmpty();
        }
        assertThat(alert(rules, "RareEgressDeadLetters").at("/annotations/description").asText())
                .as("Prometheus' own template survives Helm's").contains("{{ $labels.pod }}");
    }

    @Test
    void schemaRejectsMistypedValues() {
        assertThatThrownBy(() -> RenderedChart.render("replicas: 3\n")).hasMessageContaining("replicas");
        assertThatThrownBy(() -> RenderedChart.render("config:\n  detecter.window: P7D\n")).hasMessageContaining("detecter.window");
        assertThatThrownBy(() -> RenderedChart.render("config:\n  kafka.state.dir: /data\n")).hasMessageContaining("kafka.state.dir");
        assertThatThrownBy(() -> RenderedChart.render("config:\n  alert.format: cef\n")).hasMessageContaining("alert.format");
    }

    private static String mountPath(JsonNode container, String volume) {
        return namedIn(container.path("volumeMounts"), volume).path("mountPath").asText();
    }

    private static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.forEach(item -> names.add(item.path("name").asText()));
        return names;
    }

    private static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static List<String> strings(List<JsonNode> nodes) {
        return nodes.stream().map(JsonNode::asText).toList();
    }

    private static JsonNode alert(JsonNode rules, String name) {
        for (JsonNode rule : rules) {
            if (name.equals(rule.path("alert").asText())) {
                return rule;
            }
        }
        throw new AssertionError("no alert " + name);
    }

    private static String expr(JsonNode rules, String name) {
        return alert(rules, name).path("expr").asText();
    }

    /** Whether every label of the selector is on the object. */
    private static boolean matches(JsonNode selector, JsonNode labels) {
        Set<String> missing = new TreeSet<>();
        selector.fields().forEachRemaining(label -> {
            if (!label.getValue().asText().equals(labels.path(label.getKey()).asText())) {
                missing.add(label.getKey());
            }
        });
        return missing.isEmpty();
    }
}
