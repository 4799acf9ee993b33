package org.rareegress.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rareegress.alert.AlertFormat;
import org.rareegress.alert.KqlLexer;
import org.rareegress.backtest.Backtest;
import org.rareegress.config.Settings;
import org.rareegress.config.SettingsLoader;
import org.rareegress.enrich.Enricher;
import org.rareegress.event.InputFormat;
import org.rareegress.output.OutputSchemas;

/**
 * Every example of docs/integrations.md (deploy/integrations/) read the way its tool would read it, and checked
 * against what the detector expects: the same topics, the formats it reads and writes, no credential in a file.
 */
class IntegrationExamplesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DIR = "deploy/integrations/";
    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"$ConnectionString\" password=\"Endpoint=sb://contoso-mde.servicebus.windows.net/;"
            + "SharedAccessKeyName=rare-egress;SharedAccessKey=c2VjcmV0\";";

    @Test
    void defenderThroughEventHubsReadsTheNetworkEventsHubWithTheCredentialFromTheEnvironment() {
        Settings settings = SettingsLoader.load(RepoFiles.path(DIR + "defender-event-hubs.properties"),
                Map.of("RARE_EGRESS_KAFKA_SASL_JAAS_CONFIG", JAAS), List.of());

        assertThat(settings.topics().input()).isEqualTo("insights-logs-advancedhunting-devicenetworkevents");
        assertThat(settings.input().format()).isEqualTo(InputFormat.ENVELOPE);
        assertThat(settings.kafka()).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("sasl.jaas.config", JAAS);
        assertThat(settings.kafka().get("bootstrap.servers")).endsWith(".servicebus.windows.net:9093");
        assertThat(RepoFiles.properties(RepoFiles.read(DIR + "defender-event-hubs.properties")).stringPropertyNames())
                .as("no credential in the file").doesNotContain("kafka.sasl.jaas.config");
    }

    @Test
    void theSentinelExportQueryIsKqlAndItsRowsAreABacktestInput() throws Exception {
        List<KqlLexer.Token> tokens = KqlLexer.tokens(RepoFiles.read(DIR + "sentinel-export.kql"));
        Settings settings = SettingsLoader.load(null, Map.of(), List.of("detector.warmup=PT0S"));
        List<JsonNode> alerts = new ArrayList<>();

        try (Backtest backtest = new Backtest(settings, Enricher.none(), Clock.systemUTC(), Long.MAX_VALUE,
                OutputSchemas.checked(AlertFormat.NATIVE, json -> alerts.add(read(json))))) {
            backtest.feed(RepoFiles.path(DIR + "sentinel-export-sample.jsonl"));
            backtest.finish();

            assertThat(backtest.metrics().kept()).isEqualTo(3);
            assertThat(backtest.metrics().rejected()).isZero();
        }
        assertThat(tokens).extracting(KqlLexer.Token::value).contains("DeviceNetworkEvents", "project");
        assertThat(alerts).extracting(a -> a.path("InitiatingProcessFileName").asText()).containsExactly("svcupd.exe", "teams.exe");
    }

    @Test
    void winlogbeatShipsSysmonCreationsAndConnectionsByHostToTheTopicTheDetectorReads() {
        JsonNode beat = RepoFiles.yaml(RepoFiles.read(DIR + "winlogbeat.yml"));
        Settings detector = sysmonDetector();

        JsonNode log = beat.path("winlogbeat.event_logs").get(0);
        assertThat(log.path("name").asText()).isEqualTo("Microsoft-Windows-Sysmon/Operational");
        assertThat(log.path("event_id").asText().split(",\\s*")).containsExactly("1", "3");
        JsonNode kafka = beat.path("output.kafka");
        assertThat(kafka.path("topic").asText()).isEqualTo(detector.topics().input());
        assertThat(kafka.path("partition.hash").path("hash").get(0).asText()).isEqualTo("winlog.computer_name");
        assertThat(kafka.path("codec.json").path("pretty").asBoolean(true)).isFalse();
        assertThat(detector.input().format()).isEqualTo(InputFormat.SYSMON);
    }

    @Test
    void nxlogShipsSysmonCreationsAndConnectionsAsFlatJsonToTheSameTopic() {
        List<NxlogConfig.Block> blocks = NxlogConfig.parse(RepoFiles.read(DIR + "nxlog.conf"));

        NxlogConfig.Block input = NxlogConfig.block(blocks, "Input", "sysmon");
        NxlogConfig.Block output = NxlogConfig.block(blocks, "Output", "kafka");
        assertThat(input.directives()).containsEntry("Module", "im_msvistalog").containsEntry("Exec", "to_json();");
        assertThat(input.directives().get("QueryXML")).contains("Microsoft-Windows-Sysmon/Operational", "EventID=1 or EventID=3");
        assertThat(output.directives()).containsEntry("Module", "om_kafka").containsEntry("Topic", sysmonDetector().topics().input());
        assertThat(NxlogConfig.block(blocks, "Extension", "_json").directives()).containsEntry("Module", "xm_json");
        assertThat(NxlogConfig.block(blocks, "Route", "sysmon_to_kafka").directives()).containsEntry("Path", "sysmon => kafka");
    }

    @Test
    void splunkReadsCommittedAlertsWithTheTokenFromAConfigProvider() throws Exception {
        JsonNode config = JSON.readTree(RepoFiles.read(DIR + "splunk-sink.json")).path("config");

        assertThat(config.path("connector.class").asText()).isEqualTo("com.splunk.kafka.connect.SplunkSinkConnector");
        assertThat(config.path("topics").asText()).isEqualTo(Settings.defaults().topics().alerts());
        assertThat(config.path("consumer.override.isolation.level").asText()).isEqualTo("read_committed");
        assertThat(config.path("splunk.hec.token").asText()).startsWith("${file:");
    }

    @Test
    void logstashWritesEcsAlertsToADataStreamOnceEachByTheirAlertId() {
        Map<String, List<LogstashConfig.Plugin>> pipeline = LogstashConfig.parse(RepoFiles.read(DIR + "logstash-elastic.conf"));

        Map<String, Object> kafka = plugin(pipeline, "input", "kafka");
        Map<String, Object> elastic = plugin(pipeline, "output", "elasticsearch");
        assertThat(kafka).containsEntry("topics", List.of(Settings.defaults().topics().alerts()))
                .containsEntry("codec", "json").containsEntry("isolation_level", "read_committed");
        assertThat(elastic).containsEntry("document_id", "%{[event][id]}").containsEntry("data_stream", "true")
                .containsEntry("data_stream_dataset", "rare_egress.alerts");
        assertThat(elastic.get("api_key").toString()).startsWith("${");
    }

    @Test
    void theSentinelRuleDeclaresEveryNativeAlertFieldWithItsType() throws Exception {
        JsonNode template = JSON.readTree(RepoFiles.read(DIR + "sentinel-dcr.json"));
        JsonNode rule = resource(template, "Microsoft.Insights/dataCollectionRules").path("properties");
        JsonNode table = resource(template, "Microsoft.OperationalInsights/workspaces/tables").at("/properties/schema");
        JsonNode schema = OutputSchemas.published(OutputSchemas.Kind.ALERT);

        Map<String, String> declared = columns(rule.at("/streamDeclarations/Custom-RareEgressAlerts/columns"));
        Map<String, String> expected = new LinkedHashMap<>();
        // One table for every alert type: the fields of process alerts, then those only STORM alerts have.
        for (String shape : List.of("ProcessAlert", "StormAlert")) {
            schema.at("/$defs/" + shape + "/properties").properties()
                    .forEach(field -> expected.putIfAbsent(field.getKey(), logType(field.getValue())));
        }
        Map<String, String> tableColumns = columns(table.path("columns"));

        assertThat(declared).isEqualTo(expected);
        assertThat(tableColumns).containsEntry("TimeGenerated", "datetime").containsAllEntriesOf(declared).hasSize(declared.size() + 1);
        JsonNode flow = rule.path("dataFlows").get(0);
        assertThat(flow.path("outputStream").asText()).isEqualTo("Custom-" + table.path("name").asText());
        Set<String> names = new HashSet<>();
        KqlLexer.tokens(flow.path("transformKql").asText()).stream()
                .filter(t -> t.kind() == KqlLexer.Kind.NAME).forEach(t -> names.add(t.value()));
        assertThat(declared.keySet()).contains("DetectedAt", "AlertType");
        assertThat(names).contains("source", "TimeGenerated", "DetectedAt", "AlertType");
        assertThat(plugin(LogstashConfig.parse(RepoFiles.read(DIR + "logstash-sentinel.conf")), "output",
                "microsoft-sentinel-log-analytics-logstash-output-plugin")).containsEntry("dcr_stream_name", "Custom-RareEgressAlerts");
    }

    /** The Log Analytics column type of a native alert field, from its JSON schema. */
    private static String logType(JsonNode schema) {
        JsonNode s = schema.has("anyOf") ? schema.get("anyOf").get(0) : schema;
        if (s.has("enum")) {
            return "string";
        }
        return switch (s.path("type").asText()) {
            case "string" -> s.path("format").asText().equals("date-time") ? "datetime" : "string";
            // An AS number goes up to 2^32 - 1: past a Log Analytics int.
            case "integer" -> schema == s && s.path("maximum").asLong(0) <= Integer.MAX_VALUE ? "int" : "long";
            case "boolean" -> "boolean";
            default -> "dynamic";
        };
    }

    private static Settings sysmonDetector() {
        return SettingsLoader.load(RepoFiles.path(DIR + "sysmon-kafka.properties"), Map.of(), List.of());
    }

    private static Map<String, Object> plugin(Map<String, List<LogstashConfig.Plugin>> pipeline, String section, String name) {
        return pipeline.get(section).stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + section)).settings();
    }

    private static JsonNode resource(JsonNode template, String type) {
        for (JsonNode resource : template.path("resources")) {
            if (resource.path("type").asText().equals(type)) {
                return resource;
            }
        }
        throw new AssertionError("no " + type + " resource");
    }

    private static Map<String, String> columns(JsonNode columns) {
        Map<String, String> map = new LinkedHashMap<>();
        columns.forEach(c -> map.put(c.path("name").asText(), c.path("type").asText()));
        return map;
    }

    private static JsonNode read(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
