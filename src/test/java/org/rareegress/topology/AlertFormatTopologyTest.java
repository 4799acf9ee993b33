package org.rareegress.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rareegress.event.Events.anEvent;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * alert.format through the live topology (RocksDB stores, as `run` builds it): the alert topic carries ECS
 * documents or OCSF findings, each checked by the harness against its schema, the ECS catalogue or the OCSF
 * schema source; the table and dead letters are unchanged.
 */
class AlertFormatTopologyTest {
    private static final String T0 = "2024-05-01T00:00:00Z";

    @TempDir
    Path stateDir;

    @Test
    void ecsAlertsOnTheAlertTopic() {
        try (TopologyHarness detector = new TopologyHarness(stateDir, "detector.warmup=PT0S", "detector.threshold=2",
                "alert.format=ecs")) {
            detector.send(episode());

            List<JsonNode> alerts = detector.alerts();

            assertThat(alerts).extracting(a -> a.at("/event/action").asText()).containsExactly("NEW_RARE", "UPDATED", "NO_LONGER_RARE");
            assertThat(alerts).extracting(a -> a.at("/rare_egress/episode_id").asText()).containsOnly(alerts.get(0).at("/rare_egress/episode_id").asText());
            assertThat(detector.tableChanges()).containsExactly("tool.exe=upsert", "tool.exe=upsert", "tool.exe=tombstone");
        }
    }

    @Test
    void ocsfFindingsOnTheAlertTopic() {
        try (TopologyHarness detector = new TopologyHarness(stateDir, "detector.warmup=PT0S", "detector.threshold=2",
                "alert.format=ocsf")) {
            detector.send(episode());

            List<JsonNode> findings = detector.alerts();

            assertThat(findings).extracting(f -> f.path("activity_name").asText()).containsExactly("Create", "Update", "Close");
            assertThat(findings).extracting(f -> f.at("/finding_info/uid").asText()).containsOnly(findings.get(0).at("/finding_info/uid").asText());
            assertThat(detector.deadLetters()).isEmpty();
        }
    }

    /** NEW_RARE, an UPDATED for a new port, then a second device at threshold 2: NO_LONGER_RARE. */
    private static String[] episode() {
        return new String[] {anEvent().at(T0).json(), anEvent().at("2024-05-01T01:00:00Z").port(5555).json(),
                anEvent().at("2024-05-01T02:00:00Z").device("d2").json()};
    }
}
