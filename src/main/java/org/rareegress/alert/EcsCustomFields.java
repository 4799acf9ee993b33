package org.rareegress.alert;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rareegress.detect.Alert;
import org.rareegress.detect.AlertType;
import org.rareegress.detect.DeviceSeen;
import org.rareegress.detect.HuntRow;

/**
 * The custom field set {@code rare_egress} of an ECS alert: everything of the native alert ECS has no field
 * for, in ECS's lower-case style ({@code device_count}, {@code hunt_query}...); absent values left out.
 */
final class EcsCustomFields {
    private EcsCustomFields() {
    }

    static ObjectNode of(Alert alert, Detection detection) {
        HuntRow facts = alert.facts();
        ObjectNode custom = identity(EcsAlert.schemaVersion(alert), alert.alertId(), alert.type(), Episode.id(alert),
                detection);
        custom.put("process", facts.process());
        JsonTree.put(custom, "dimension", facts.dimension());
        JsonTree.put(custom, "remote_port", facts.remotePort());
        JsonTree.put(custom, "sha256", facts.sha256());
        JsonTree.put(custom, "md5", facts.md5());
        JsonTree.put(custom, "asn", facts.asn());
        custom.put("device_count", facts.deviceCount());
        custom.put("threshold", facts.threshold());
        JsonTree.putStrings(custom, "hashes", facts.hashes());
        JsonTree.putInts(custom, "ports", facts.ports());
        JsonTree.put(custom, "sample_process", facts.sampleProcess());
        JsonTree.put(custom, "sample_remote_ip", facts.sampleRemoteIp());
        JsonTree.put(custom, "remote_ip_country", facts.remoteIpCountry());
        JsonTree.put(custom, "remote_ip_country_iso_code", facts.remoteIpCountryIsoCode());
        JsonTree.put(custom, "remote_ip_asn", facts.remoteIpAsn());
        JsonTree.put(custom, "remote_ip_as_organization", facts.remoteIpAsOrganization());
        ArrayNode devices = custom.putArray("devices");
        for (DeviceSeen device : facts.devices()) {
            ObjectNode d = devices.addObject();
            d.put("device_id", device.deviceId());
            JsonTree.put(d, "device_name", device.deviceName());
            d.put("last_seen", device.lastSeen());
        }
        JsonTree.putStrings(custom, "remote_ips", facts.remoteIps());
        JsonTree.put(custom, "first_seen", facts.firstSeen());
        JsonTree.put(custom, "last_seen", facts.lastSeen());
        custom.put("evidence_truncated", facts.evidenceTruncated());
        custom.put("detected_at", alert.detectedAt());
        JsonTree.put(custom, "confirmed_at", alert.confirmedAt());
        custom.put("window_start", alert.windowStart());
        custom.put("window_end", alert.windowEnd());
        JsonTree.putStrings(custom, "new", alert.trigger().newFacts());
        custom.put("trigger_timestamp", alert.trigger().timestamp());
        JsonTree.put(custom, "source", source(alert.source()));
        return custom;
    }

    /**
     * What every {@code rare_egress} starts with, a STORM's too: which alert it is and how it was judged.
     * {@code episodeId} is null for a STORM, which belongs to no episode, and then left out.
     */
    static ObjectNode identity(String schemaVersion, String alertId, AlertType type, String episodeId,
                               Detection detection) {
        ObjectNode custom = JsonTree.object();
        custom.put("schema_version", schemaVersion);
        custom.put("alert_id", alertId);
        custom.put("alert_type", type.name());
        JsonTree.put(custom, "episode_id", episodeId);
        custom.put("severity", detection.severity().label());
        custom.put("severity_reason", detection.severityReason());
        custom.put("hunt_query", detection.huntQuery());
        return custom;
    }

    private static ObjectNode source(Alert.Source source) {
        if (source == null) {
            return null;
        }
        ObjectNode node = JsonTree.object();
        JsonTree.put(node, "topic", source.topic());
        JsonTree.put(node, "partition", source.partition());
        JsonTree.put(node, "offset", source.offset());
        JsonTree.put(node, "file", source.file());
        JsonTree.put(node, "line", source.line());
        JsonTree.put(node, "index", source.index());
        return node;
    }
}
