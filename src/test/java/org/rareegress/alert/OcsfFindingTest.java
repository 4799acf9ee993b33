package org.rareegress.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.rareegress.output.OcsfSchema;

/** alert.format=ocsf: OCSF 1.5.0 Detection Findings, one finding per alert episode. */
class OcsfFindingTest {
    private static final List<ObjectNode> FINDINGS = GoldenAlerts.in(AlertFormat.OCSF);
    private static final List<ObjectNode> NATIVE = GoldenAlerts.in(AlertFormat.NATIVE);

    @Test
    void everyGoldenAlertIsADetectionFindingOfClass2004() {
        assertThat(OcsfSchema.get().detectionFindingClassUid()).isEqualTo(2004);
        assertThat(FINDINGS).hasSize(11);
        for (JsonNode finding : FINDINGS) {
            assertThat(OcsfSchema.get().errors(finding)).isEmpty();
            assertThat(finding.path("class_uid").asInt()).isEqualTo(2004);
        }
    }

    @Test
    void newRareUpdatedAndNoLongerRareAreCreateUpdateAndClose() {
        for (int i = 0; i < FINDINGS.size(); i++) {
            String type = NATIVE.get(i).path("AlertType").asText();
            int expected = switch (type) {
                case "NEW_RARE" -> 1;
                case "UPDATED" -> 2;
                default -> 3;
            };

            assertThat(FINDINGS.get(i).path("activity_id").asInt()).as(type).isEqualTo(expected);
            assertThat(FINDINGS.get(i).path("type_uid").asInt()).isEqualTo(200400 + expected);
            assertThat(FINDINGS.get(i).path("is_alert").asBoolean()).isEqualTo(expected != 3);
        }
    }

    @Test
    void theAlertsOfOneEpisodeShareTheFindingUidAndEpisodesDoNot() {
        Map<String, Set<String>> uidsByProcess = new TreeMap<>();
        for (int i = 0; i < FINDINGS.size(); i++) {
            uidsByProcess.computeIfAbsent(NATIVE.get(i).path("InitiatingProcessFileName").asText(), p -> new HashSet<>())
                    .add(FINDINGS.get(i).at("/finding_info/uid").asText());
        }
        List<String> svchost = activities("svchost.exe");

        assertThat(svchost).containsExactly("Create", "Update", "Close");
        assertThat(uidsByProcess.values()).allSatisfy(uids -> assertThat(uids).hasSize(1));
        assertThat(uidsByProcess.values().stream().flatMap(Set::stream).collect(Collectors.toSet()))
                .hasSize(uidsByProcess.size());
    }

    @Test
    void metadataUidIsTheAlertIdAndTheEvidenceIsTheTriggeringConnection() {
        for (int i = 0; i < FINDINGS.size(); i++) {
            JsonNode finding = FINDINGS.get(i);
            JsonNode nativeAlert = NATIVE.get(i);

            assertThat(finding.at("/metadata/uid").asText()).isEqualTo(nativeAlert.path("AlertId").asText());
            assertThat(finding.at("/evidences/0/dst_endpoint/ip").asText()).isEqualTo(nativeAlert.at("/Trigger/RemoteIP").asText());
            assertThat(finding.at("/evidences/0/process/cmd_line").asText())
                    .isEqualTo(nativeAlert.at("/Trigger/InitiatingProcessCommandLine").asText());
            assertThat(finding.at("/finding_info/attacks/0/technique/uid").asText()).isEqualTo("T1571");
            assertThat(finding.at("/unmapped/rare_egress/HuntQuery").asText()).isEqualTo(nativeAlert.path("HuntQuery").asText());
        }
    }

    @Test
    void theSchemaSourceRefusesMissingRequiredAttributesBadEnumsWrongTypesAndUnknownAttributes() {
        ObjectNode finding = FINDINGS.get(0).deepCopy();
        ((ObjectNode) finding.path("finding_info")).remove("uid");
        ((ObjectNode) finding.path("metadata")).remove("product");
        finding.put("severity_id", 7);
        finding.put("activity_name", "Open");
        finding.put("time", "2024-06-01T08:00:00Z");
        finding.put("rare_egress_extra", 1);
        ((ObjectNode) finding.at("/evidences/0/dst_endpoint")).put("port", 70000);
        ((ObjectNode) finding.at("/evidences/0/process")).remove("uid");

        List<String> errors = OcsfSchema.get().errors(finding);

        assertThat(errors)
                .anyMatch(e -> e.contains("required attribute uid of finding_info"))
                .anyMatch(e -> e.contains("required attribute product of metadata"))
                .anyMatch(e -> e.startsWith("severity_id: 7 is not one of"))
                .anyMatch(e -> e.startsWith("activity_id: its sibling activity_name must be the caption 'Create'"))
                .anyMatch(e -> e.startsWith("time: must be a 64-bit integer"))
                .anyMatch(e -> e.startsWith("rare_egress_extra: not an attribute of detection_finding"))
                .anyMatch(e -> e.startsWith("evidences[0].dst_endpoint.port: is out of the range"))
                .anyMatch(e -> e.contains("process needs at least one of [pid, uid, cpid]"))
                .hasSize(8);
    }

    @Test
    void aStormIsADetectionFindingOfItsOwnCountingTheSuppressedAlerts() {
        List<ObjectNode> storms = GoldenAlerts.storms(AlertFormat.OCSF);
        List<ObjectNode> nativeStorms = GoldenAlerts.storms(AlertFormat.NATIVE);

        assertThat(storms).hasSize(2);
        for (int i = 0; i < storms.size(); i++) {
            JsonNode finding = storms.get(i);
            JsonNode nativeStorm = nativeStorms.get(i);
            assertThat(OcsfSchema.get().errors(finding)).isEmpty();
            assertThat(finding.path("activity_name").asText()).isEqualTo("Create");
            assertThat(finding.path("is_alert").asBoolean()).isTrue();
            assertThat(finding.path("count").asLong()).isEqualTo(nativeStorm.path("Suppressed").asLong());
            assertThat(finding.at("/finding_info/uid").asText()).isEqualTo(nativeStorm.path("AlertId").asText());
            assertThat(finding.at("/finding_info/types/0").asText()).isEqualTo("STORM");
            assertThat(finding.at("/finding_info/analytic/uid").asText()).isEqualTo(StormRule.ID);
            assertThat(finding.path("severity_id").asInt()).isEqualTo(Severity.MEDIUM.ocsfId());
            assertThat(finding.at("/unmapped/rare_egress/Processes")).isEqualTo(nativeStorm.path("Processes"));
            assertThat(finding.has("evidences") || finding.has("device")).isFalse();
        }
        assertThat(storms.get(0).path("count").asInt()).isEqualTo(1);
        assertThat(storms.get(1).path("count").asInt()).isEqualTo(3);
    }

    @Test
    void anythingGoesUnderUnmapped() {
        ObjectNode finding = FINDINGS.get(0).deepCopy();
        ((ObjectNode) finding.path("unmapped")).putObject("anything").put("at all", 1);

        assertThat(OcsfSchema.get().errors(finding)).isEmpty();
    }

    private static List<String> activities(String process) {
        List<String> activities = new java.util.ArrayList<>();
        for (int i = 0; i < FINDINGS.size(); i++) {
            if (NATIVE.get(i).path("InitiatingProcessFileName").asText().equals(process)) {
                activities.add(FINDINGS.get(i).path("activity_name").asText());
            }
        }
        return activities;
    }
}
