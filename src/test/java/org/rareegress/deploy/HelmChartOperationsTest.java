package org.rareegress.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rareegress.deploy.RenderedChart.FULLNAME;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * What the chart adds for a security review and for operators: a NetworkPolicy (on by default), RocksDB
 * memory sized from the container's limit, soft pod anti-affinity, runbook links into docs/operations.md,
 * and the Grafana dashboard for the sidecar.
 */
class HelmChartOperationsTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void byDefaultTheHttpPortAdmitsOnlyTheReleasesOwnPodsAndNoRuleOpensTheProbePort() {
        RenderedChart chart = RenderedChart.renderCi("default-values.yaml");

        JsonNode policy = chart.get("NetworkPolicy", FULLNAME).path("spec");
        assertThat(strings(policy.path("policyTypes"))).containsExactly("Ingress", "Egress");
        assertThat(labelsMatch(policy.at("/podSelector/matchLabels"), chart.statefulSet().at("/spec/template/metadata/labels")))
                .as("it selects the detector's pods").isTrue();
        JsonNode ingress = policy.path("ingress");
        assertThat(ingress).hasSize(1);
        assertThat(ports(ingress.get(0))).containsExactly("http/TCP");
        assertThat(ingress.get(0).path("from")).hasSize(1);
        assertThat(ingress.get(0).at("/from/0/podSelector/matchLabels")).isEqualTo(policy.at("/podSelector/matchLabels"));
        assertThat(ingress.findValues("port")).extracting(JsonNode::asText).doesNotContain("probes", "8081");
    }

    @Test
    void egressGoesOnlyToDnsKafkaAndTheOtherPods() {
        JsonNode egress = RenderedChart.renderCi("default-values.yaml").get("NetworkPolicy", FULLNAME).at("/spec/egress");

        assertThat(egress).allSatisfy(rule -> assertThat(rule.path("ports")).as("no rule without ports").isNotEmpty());
        List<String> ports = new ArrayList<>();
        egress.forEach(rule -> ports.addAll(ports(rule)));
        assertThat(ports).containsExactlyInAnyOrder("53/UDP", "53/TCP", "9092/TCP", "9093/TCP", "http/TCP");
        JsonNode peers = egress.get(egress.size() - 1);
        assertThat(ports(peers)).containsExactly("http/TCP");
        assertThat(peers.at("/to/0/podSelector/matchLabels/app.kubernetes.io~1instance").asText()).isEqualTo("re");
    }

    @Test
    void theValuesNameWhoElseMayComeInAndWhereKafkaAndDnsAre() {
        RenderedChart chart = RenderedChart.render("""
                networkPolicy:
                  ingress:
                    from:
                      - namespaceSelector:
                          matchLabels:
                            kubernetes.io/metadata.name: monitoring
                    probesFrom:
                      - ipBlock:
                          cidr: 10.0.0.0/24
                  egress:
                    kafka:
                      ports: [9094]
                      to:
                        - ipBlock:
                            cidr: 192.0.2.0/24
                    dnsTo:
                      - namespaceSelector:
                          matchLabels:
                            kubernetes.io/metadata.name: kube-system
                geoip:
                  enabled: true
                secret:
                  existingSecret: creds
                """);

        JsonNode spec = chart.get("NetworkPolicy", FULLNAME).path("spec");
        assertThat(spec.at("/ingress/0/from/1/namespaceSelector/matchLabels/kubernetes.io~1metadata.name").asText())
                .isEqualTo("monitoring");
        assertThat(ports(spec.at("/ingress/1"))).containsExactly("probes/TCP");
        assertThat(spec.at("/ingress/1/from/0/ipBlock/cidr").asText()).isEqualTo("10.0.0.0/24");
        assertThat(ports(spec.at("/egress/0"))).containsExactly("53/UDP", "53/TCP");
        assertThat(spec.at("/egress/0/to/0/namespaceSelector/matchLabels/kubernetes.io~1metadata.name").asText())
                .isEqualTo("kube-system");
        assertThat(ports(spec.at("/egress/1"))).containsExactly("9094/TCP");
        assertThat(spec.at("/egress/1/to/0/ipBlock/cidr").asText()).isEqualTo("192.0.2.0/24");
        assertThat(ports(spec.at("/egress/3"))).as("geoipupdate's downloads").containsExactly("443/TCP");
    }

    @Test
    void theNetworkPolicyCanBeTurnedOff() {
        assertThat(RenderedChart.render("networkPolicy:\n  enabled: false\n").ofKind("NetworkPolicy")).isEmpty();
    }

    @Test
    void rocksDbGetsAQuarterOfTheMemoryLimitUnlessTheConfigurationSaysOtherwise() {
        assertThat(rocksDbMemory(RenderedChart.renderCi("default-values.yaml"))).as("2Gi").isEqualTo(512 * MIB);
        assertThat(rocksDbMemory(RenderedChart.render("resources:\n  limits:\n    memory: 1536Mi\n"))).isEqualTo(384 * MIB);
        assertThat(rocksDbMemory(RenderedChart.render("resources:\n  limits:\n    memory: 4G\n")))
                .isEqualTo(1_000_000_000L);
        assertThat(rocksDbMemory(RenderedChart.render("rocksdb:\n  memoryLimitPercent: 40\n")))
                .isEqualTo((long) (0.4 * 2048 * MIB));
        assertThat(rocksDbMemory(RenderedChart.render("config:\n  rocksdb.memory-bytes: \"104857600\"\n")))
                .isEqualTo(100 * MIB);
        assertThat(RenderedChart.render("resources:\n  limits:\n    memory: null\n").configProperties())
                .as("no limit: the application's default").doesNotContainKey("rocksdb.memory-bytes");
        assertThatThrownBy(() -> RenderedChart.render("resources:\n  limits:\n    memory: lots\n"))
                .hasMessageContaining("rocksdb.memory-bytes");
    }

    @Test
    void replicasAreSpreadOverNodesWhereTheSchedulerCan() {
        RenderedChart chart = RenderedChart.renderCi("default-values.yaml");

        JsonNode preferred = chart.podSpec().at("/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/0");
        assertThat(preferred.at("/podAffinityTerm/topologyKey").asText()).isEqualTo("kubernetes.io/hostname");
        assertThat(preferred.at("/podAffinityTerm/labelSelector/matchLabels"))
                .isEqualTo(chart.statefulSet().at("/spec/selector/matchLabels"));
        assertThat(chart.podSpec().at("/affinity/podAntiAffinity").has("requiredDuringSchedulingIgnoredDuringExecution"))
                .isFalse();
        JsonNode hard = RenderedChart.render("podAntiAffinity: hard\npodAntiAffinityTopologyKey: topology.kubernetes.io/zone\n")
                .podSpec().at("/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/0");
        assertThat(hard.path("topologyKey").asText()).isEqualTo("topology.kubernetes.io/zone");
        assertThat(RenderedChart.render("podAntiAffinity: none\n").podSpec().has("affinity")).isFalse();
        assertThat(RenderedChart.render("affinity:\n  nodeAffinity: {}\n").podSpec().at("/affinity").has("podAntiAffinity"))
                .as("an explicit affinity replaces the preset").isFalse();
    }

    @Test
    void everyAlertLinksToItsSectionOfTheOperationsGuide() {
        JsonNode rules = RenderedChart.renderCi("monitoring-values.yaml").get("PrometheusRule", FULLNAME)
                .at("/spec/groups/0/rules");
        Set<String> anchors = anchors(RepoFiles.read("docs/operations.md"));

        assertThat(rules).isNotEmpty().allSatisfy(rule -> {
            String url = rule.at("/annotations/runbook_url").asText();
            assertThat(url).startsWith("docs/operations.md#");
            assertThat(anchors).as("anchor of %s", url).contains(url.substring(url.indexOf('#') + 1));
            assertThat(url).endsWith("#" + rule.path("alert").asText().toLowerCase(Locale.ROOT));
        });
        JsonNode published = RenderedChart.render(List.of("monitoring-values.yaml"),
                "prometheusRule:\n  runbookBaseUrl: https://git.example/soc/rare-egress/docs/operations.md\n")
                .get("PrometheusRule", FULLNAME).at("/spec/groups/0/rules/0/annotations/runbook_url");
        assertThat(published.asText()).isEqualTo("https://git.example/soc/rare-egress/docs/operations.md#rareegressconsumerlaghigh");
    }

    @Test
    void logsAreTextUnlessJsonIsAskedFor() {
        assertThat(RenderedChart.env(RenderedChart.renderCi("default-values.yaml").container("detector"),
                "RARE_EGRESS_LOG_FORMAT").path("value").asText()).isEqualTo("text");
        assertThat(RenderedChart.env(RenderedChart.render("logFormat: json\n").container("detector"),
                "RARE_EGRESS_LOG_FORMAT").path("value").asText()).isEqualTo("json");
        assertThatThrownBy(() -> RenderedChart.render("logFormat: xml\n")).hasMessageContaining("logFormat");
    }

    @Test
    void anchorsAreComputedAsGitHubDoes() {
        assertThat(anchors("## Health\n### RareEgressDeadLetters\n## Stopping cleanly matters\n# A `code` title, here!\n"))
                .containsExactlyInAnyOrder("health", "rareegressdeadletters", "stopping-cleanly-matters", "a-code-title-here");
    }

    @Test
    void theDashboardIsShippedForGrafanasSidecarAsTheRepositoryHasIt() {
        RenderedChart chart = RenderedChart.render("""
                grafanaDashboard:
                  enabled: true
                  namespace: monitoring
                """);

        JsonNode configMap = chart.get("ConfigMap", FULLNAME + "-dashboard");
        assertThat(configMap.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
        assertThat(configMap.at("/metadata/namespace").asText()).isEqualTo("monitoring");
        assertThat(RepoFiles.yaml(configMap.at("/data/rare-egress.json").asText()))
                .isEqualTo(RepoFiles.yaml(RepoFiles.read("deploy/grafana/rare-egress.json")));
        assertThat(RepoFiles.read("helm/rare-egress/files/grafana/rare-egress.json"))
                .as("the chart's copy is the repository's dashboard").isEqualTo(RepoFiles.read("deploy/grafana/rare-egress.json"));
        assertThat(RenderedChart.renderCi("default-values.yaml").find("ConfigMap", FULLNAME + "-dashboard")).isEmpty();
    }

    /** GitHub's heading anchors: lower case, punctuation but hyphens and underscores dropped, spaces as hyphens. */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new TreeSet<>();
        Map<String, Integer> seen = new TreeMap<>();
        boolean fenced = false;
        for (String line : markdown.lines().toList()) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            }
            if (fenced || !line.matches("^#{1,6} .*")) {
                continue;
            }
            String anchor = line.replaceFirst("^#+ ", "").strip().toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            int count = seen.merge(anchor, 1, Integer::sum);
            anchors.add(count == 1 ? anchor : anchor + "-" + (count - 1));
        }
        return anchors;
    }

    private static long rocksDbMemory(RenderedChart chart) {
        return Long.parseLong(chart.configProperties().getProperty("rocksdb.memory-bytes"));
    }

    private static List<String> ports(JsonNode rule) {
        List<String> ports = new ArrayList<>();
        rule.path("ports").forEach(port -> ports.add(port.path("port").asText() + "/" + port.path("protocol").asText()));
        return ports;
    }

    private static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        array.forEach(item -> strings.add(item.asText()));
        return strings;
    }

    private static boolean labelsMatch(JsonNode selector, JsonNode labels) {
        boolean[] all = {true};
        selector.properties().forEach(label -> all[0] &= label.getValue().asText().equals(labels.path(label.getKey()).asText()));
        return all[0] && selector.size() > 0;
    }
}
