package org.rareegress.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rareegress.output.EcsCatalogue;

/** alert.format=ecs: documents the ECS 9.4.0 field catalogue accepts, carrying what the native alert says. */
class EcsAlertTest {
    private static final List<ObjectNode> ALERTS = GoldenAlerts.in(AlertFormat.ECS);
    private static final List<ObjectNode> NATIVE = GoldenAlerts.in(AlertFormat.NATIVE);

    @Test
    void everyGoldenAlertIsAnEcsAlertOfTheNetworkCategory() {
        assertThat(ALERTS).hasSize(11);
        for (JsonNode alert : ALERTS) {
            assertThat(EcsCatalogue.get().errors(alert)).isEmpty();
            assertThat(alert.at("/event/kind").asText()).isEqualTo("alert");
            assertThat(alert.at("/event/category/0").asText()).isEqualTo("network");
        }
    }

    @Test
    void carriesTheNativeAlertsIdentityProcessConnectionAndDetection() {
        for (int i = 0; i < ALERTS.size(); i++) {
            JsonNode ecs = ALERTS.get(i);
            JsonNode nativeAlert = NATIVE.get(i);

            assertThat(ecs.at("/event/id").asText()).isEqualTo(nativeAlert.path("AlertId").asText());
            assertThat(ecs.at("/event/action").asText()).isEqualTo(nativeAlert.path("AlertType").asText());
            assertThat(ecs.at("/process/name").asText()).isEqualTo(nativeAlert.at("/Trigger/InitiatingProcessFileName").asText());
            assertThat(ecs.at("/process/executable").asText()).isEqualTo(nativeAlert.at("/Trigger/InitiatingProcessFolderPath").asText());
            assertThat(ecs.at("/destination/ip").asText()).isEqualTo(nativeAlert.at("/Trigger/RemoteIP").asText());
            assertThat(ecs.at("/destination/port").asInt()).isEqualTo(nativeAlert.at("/Trigger/RemotePort").asInt());
            assertThat(ecs.at("/host/id").asText()).isEqualTo(nativeAlert.at("/Trigger/DeviceId").asText());
            assertThat(ecs.at("/rule/id").asText()).isEqualTo(nativeAlert.path("RuleId").asText());
            assertThat(ecs.at("/threat/technique/id")).extracting(JsonNode::asText).containsExactly("T1571", "T1071");
            assertThat(ecs.at("/threat/tactic/id")).extracting(JsonNode::asText).containsExactly("TA0011");
            assertThat(ecs.at("/rare_egress/hunt_query").asText()).isEqualTo(nativeAlert.path("HuntQuery").asText());
            assertThat(ecs.at("/rare_egress/severity").asText()).isEqualTo(nativeAlert.path("Severity").asText());
            assertThat(ecs.at("/@timestamp").asText()).isEqualTo(nativeAlert.path("WindowEnd").asText());
        }
    }

    @Test
    void leavesAbsentValuesOutInsteadOfWritingNull() {
        JsonNode alert = ALERTS.get(0);

        assertThat(alert.at("/process/hash/sha256").isMissingNode()).isTrue();
        assertThat(alert.at("/rare_egress/confirmed_at").isMissingNode()).isTrue();
        for (JsonNode any : ALERTS) {
            assertThat(nulls(any)).isZero();
        }
    }

    private static int nulls(JsonNode node) {
        if (node.isNull()) {
            return 1;
        }
        int count = 0;
        for (JsonNode child : node) {
            count += nulls(child);
        }
        return count;
    }

    @Test
    void theCustomPrefixIsNoEcsFieldSet() {
        assertThat(EcsCatalogue.get().size()).isGreaterThan(2_000);
        assertThat(EcsCatalogue.get().isFieldSet("event")).isTrue();
        assertThat(EcsCatalogue.get().isFieldSet(EcsAlert.CUSTOM_PREFIX)).isFalse();
    }

    @Test
    void theCatalogueRefusesAnUnknownFieldAWrongTypeAnArrayAndAValueEcsDoesNotAllow() {
        ObjectNode alert = ALERTS.get(0).deepCopy();
        ((ObjectNode) alert.path("process")).put("sha256", "not an ECS field");
        ((ObjectNode) alert.path("destination")).put("port", "4444");
        ((ObjectNode) alert.path("host")).putArray("name").add("a").add("b");
        ((ObjectNode) alert.path("event")).put("kind", "alarm");
        ((ObjectNode) alert.path("destination")).put("ip", "185.100.87.256");

        assertThat(EcsCatalogue.get().errors(alert))
                .anyMatch(e -> e.startsWith("process.sha256: not an ECS 9.4.0 field"))
                .anyMatch(e -> e.startsWith("destination.port: must be an integer"))
                .anyMatch(e -> e.startsWith("host.name: an array"))
                .anyMatch(e -> e.startsWith("event.kind: 'alarm' is not one of the allowed values"))
                .anyMatch(e -> e.startsWith("destination.ip: must be an IP address"))
                .hasSize(5);
    }

    @Test
    void geoIpGoesUnderDestinationOnlyWhenItDescribesTheTriggeringAddress() {
        JsonNode alert = ALERTS.get(0);

        assertThat(alert.at("/rare_egress/sample_remote_ip").asText()).isEqualTo(alert.at("/destination/ip").asText());
        assertThat(alert.at("/destination/geo").isMissingNode()).as("no GeoIP database in the golden run").isTrue();
    }

    @Test
    void aStormIsAnEcsAlertOfItsOwnRuleWithoutAProcessOrAConnection() {
        List<ObjectNode> storms = GoldenAlerts.storms(AlertFormat.ECS);
        List<ObjectNode> nativeStorms = GoldenAlerts.storms(AlertFormat.NATIVE);

        assertThat(storms).hasSize(2);
        for (int i = 0; i < storms.size(); i++) {
            JsonNode ecs = storms.get(i);
            JsonNode nativeStorm = nativeStorms.get(i);
            assertThat(EcsCatalogue.get().errors(ecs)).isEmpty();
            assertThat(ecs.at("/event/kind").asText()).isEqualTo("alert");
            assertThat(ecs.at("/event/action").asText()).isEqualTo("STORM");
            assertThat(ecs.at("/event/id").asText()).isEqualTo(nativeStorm.path("AlertId").asText());
            assertThat(ecs.at("/rule/id").asText()).isEqualTo(StormRule.ID).isEqualTo(nativeStorm.path("RuleId").asText());
            assertThat(ecs.at("/rule/uuid").asText()).isEqualTo(StormRule.UUID);
            assertThat(ecs.at("/event/severity").asInt()).isEqualTo(Severity.MEDIUM.ocsfId());
            assertThat(ecs.at("/threat/technique/id")).extracting(JsonNode::asText).containsExactly("T1571", "T1071");
            assertThat(ecs.at("/rare_egress/suppressed").asLong()).isEqualTo(nativeStorm.path("Suppressed").asLong());
            assertThat(ecs.at("/rare_egress/processes")).isEqualTo(nativeStorm.path("Processes"));
            assertThat(ecs.at("/rare_egress/hunt_query").asText()).isEqualTo(nativeStorm.path("HuntQuery").asText());
            assertThat(ecs.at("/@timestamp").asText()).isEqualTo(nativeStorm.path("WindowEnd").asText());
            assertThat(ecs.has("process") || ecs.has("destination") || ecs.has("host")).isFalse();
            assertThat(nulls(ecs)).isZero();
        }
        assertThat(storms.get(1).at("/rare_egress/processes")).extracting(JsonNode::asText)
                .containsExactly("backup.exe", "updater.exe", "putty.exe");
    }
}
