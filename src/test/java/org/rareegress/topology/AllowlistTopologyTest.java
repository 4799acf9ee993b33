package org.rareegress.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rareegress.event.Events.anEvent;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live allowlist through the topology under TopologyTestDriver: the rules come from the global store. */
class AllowlistTopologyTest {
    private static final String T0 = "2024-05-01T00:00:00Z";
    private static final String TOOL_RULE = "{\"RuleId\":\"lab-tool\",\"InitiatingProcessFileName\":\"tool.exe\","
            + "\"Reason\":\"lab scanner\",\"Owner\":\"soc@example.com\"}";

    @TempDir
    Path stateDir;

    @Test
    void suppressesAndCountsAnAlertARuleMatchesAndMarksTheRow() {
        try (TopologyHarness detector = new TopologyHarness(stateDir, "detector.warmup=PT0S")) {
            detector.allow("lab-tool", TOOL_RULE);

            detector.send(anEvent().at(T0).json(), anEvent().at("2024-05-01T01:00:00Z").device("d2").json());

            assertThat(detector.alerts()).isEmpty();
            assertThat(detector.metrics.suppressedByRule()).isEqualTo(Map.of("lab-tool", 2L));
            Map<String, JsonNode> table = detector.table();
            assertThat(table).containsOnlyKeys("tool.exe");
            assertThat(table.get("tool.exe").get("AllowlistedBy").asText()).isEqualTo("lab-tool");
            assertThat(table.get("tool.exe").get("DeviceCount").asInt()).as("tracking goes on").isEqualTo(2);
        }
    }

    @Test
    void aRuleThatDoesNotMatchLeavesAlertsAndRowsAsTheyAre() {
        try (TopologyHarness detector = new TopologyHarness(stateDir, "detector.warmup=PT0S")) {
            detector.allow("other", "{\"RuleId\":\"other\",\"InitiatingProcessFileName\":\"tool.exe\",\"RemotePort\":22}");

            detector.send(anEvent().at(T0).port(4444).json());

            assertThat(detector.alerts()).extracting(a -> a.get("AlertType").asText()).containsExactly("NEW_RARE");
            assertThat(detector.table().get("tool.exe").has("AllowlistedBy")).isFalse();
            assertThat(detector.metrics.suppressed()).isZero();
        }
    }

    @Test
    void removingTheRuleLetsTheNextEventOfAStillRareProcessAlert() {
        try (TopologyHarness detector = new TopologyHarness(stateDir, "detector.warmup=PT0S")) {
            detector.allow("lab-tool", TOOL_RULE);
            detector.send(anEvent().at(T0).json());
            assertThat(detector.alerts()).isEmpty();

            detector.allow("lab-tool", null);
            detector.send(anEvent().at("2024-05-01T01:00:00Z").device("d2").json());

            JsonNode alert = detector.alerts().get(0);
            assertThat(alert.get("AlertType").asText()).as("the suppressed NEW_RARE was tracked").isEqualTo("UPDATED");
            assertThat(alert.get("DeviceCount").asInt()).isEqualTo(2);
            assertThat(detector.table().get("tool.exe").has("AllowlistedBy")).isFalse();
        }
    }

    @Test
    void aRuleSilencesTheEventsItMatchesAndNoOthers() {
        try (TopologyHarness detector = new TopologyHarness(stateDir, "detector.warmup=PT0S")) {
            detector.allow("d1-only", "{\"RuleId\":\"d1-only\",\"DeviceId\":\"d1\"}");

            detector.send(anEvent().at(T0).device("d1").json(), anEvent().at("2024-05-01T01:00:00Z").device("d2").json());

            assertThat(detector.alerts()).extracting(a -> a.get("Trigger").get("DeviceId").asText()).containsExactly("d2");
            assertThat(detector.metrics.suppressedByRule()).isEqualTo(Map.of("d1-only", 1L));
            assertThat(detector.table().get("tool.exe").has("AllowlistedBy")).as("d2 is not silenced").isFalse();
        }
    }

    @Test
    void anExpiredRuleStopsMatchingAtItsExpiryInEventTime() {
        try (TopologyHarness detector = new TopologyHarness(stateDir, "detector.warmup=PT0S")) {
            detector.allow("until-1am", "{\"RuleId\":\"until-1am\",\"InitiatingProcessFileName\":\"tool.exe\","
                    + "\"Expires\":\"2024-05-01T01:00:00Z\"}");

            detector.send(anEvent().at(T0).json(), anEvent().at("2024-05-01T00:59:59Z").device("d2").json(),
                    anEvent().at("2024-05-01T01:00:00Z").device("d3").json());

            assertThat(detector.alerts()).extracting(a -> a.get("Trigger").get("DeviceId").asText()).containsExactly("d3");
            assertThat(detector.metrics.suppressedByRule()).isEqualTo(Map.of("until-1am", 2L));
        }
    }

    @Test
    void aBadRecordOnTheTopicIsCountedAndSkippedAndRemovesTheRuleOfItsKey() {
        try (TopologyHarness detector = new TopologyHarness(stateDir, "detector.warmup=PT0S")) {
            detector.allow("lab-tool", TOOL_RULE);
            detector.allow("lab-tool", "{\"RuleId\":\"lab-tool\",\"RemoteNetwork\":\"10.0.0.0/99\"}");
            detector.allow("mismatch", TOOL_RULE);
            detector.allow(null, TOOL_RULE);
            detector.allow("junk", "not json");

            detector.send(anEvent().at(T0).json());

            assertThat(detector.metrics.badAllowlistRecords()).isEqualTo(4);
            assertThat(detector.allowlistStore().approximateNumEntries()).isZero();
            assertThat(detector.alerts()).extracting(a -> a.get("AlertType").asText()).containsExactly("NEW_RARE");
        }
    }

    @Test
    void theStoreHoldsEachRuleInItsCanonicalForm() {
        try (TopologyHarness detector = new TopologyHarness(stateDir)) {
            detector.allow("r", "{\"Reason\":\"x\",\"RemotePort\":4444,\"RuleId\":\"r\"}");

            assertThat(new String(detector.allowlistStore().get("r"), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo("{\"RuleId\":\"r\",\"RemotePort\":4444,\"Reason\":\"x\"}");
        }
    }
}
