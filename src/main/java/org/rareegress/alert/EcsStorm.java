package org.rareegress.alert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rareegress.detect.StormAlert;

/**
 * A STORM alert as an Elastic Common Schema 9.x document ({@code alert.format=ecs}, {@code $defs/StormAlert} of
 * schemas/alert-ecs.schema.json). A storm is about many processes on any devices, so it has none of a process
 * alert's {@code process}, {@code destination}, {@code host} or {@code related} fields: the names are under
 * {@code rare_egress.processes}. The mapping is in docs/alerts.md.
 */
final class EcsStorm {
    private EcsStorm() {
    }

    static ObjectNode document(StormAlert storm, Detection detection) {
        ObjectNode doc = JsonTree.object();
        doc.put("@timestamp", storm.windowEnd());
        doc.putObject("ecs").put("version", EcsAlert.ECS_VERSION);
        doc.put("message", Messages.summary(storm));
        ObjectNode event = doc.putObject("event");
        event.put("kind", "alert");
        event.putArray("category").add("network");
        event.putArray("type").add("info");
        event.put("action", storm.type().name());
        event.put("id", storm.alertId());
        event.put("severity", detection.severity().ocsfId());
        event.put("reason", storm.suppressed() + " NEW_RARE suppressed past alert.storm-threshold " + storm.stormThreshold());
        event.put("start", storm.detectedAt());
        event.put("end", storm.lastSuppressedAt());
        EcsAlert.source(event);
        doc.set("rule", EcsAlert.rule(StormRule.DEFINITION));
        doc.set("threat", EcsAlert.threat(detection.techniques()));
        doc.set("observer", EcsAlert.observer());
        ObjectNode custom = doc.putObject(EcsAlert.CUSTOM_PREFIX);
        custom.put("schema_version", EcsAlert.SCHEMA_VERSION);
        custom.put("alert_id", storm.alertId());
        custom.put("alert_type", storm.type().name());
        custom.put("severity", detection.severity().label());
        custom.put("severity_reason", detection.severityReason());
        custom.put("hunt_query", detection.huntQuery());
        custom.put("detected_at", storm.detectedAt());
        custom.put("last_suppressed_at", storm.lastSuppressedAt());
        custom.put("window_start", storm.windowStart());
        custom.put("window_end", storm.windowEnd());
        custom.put("storm_threshold", storm.stormThreshold());
        custom.put("suppressed", storm.suppressed());
        JsonTree.putStrings(custom, "processes", storm.processes());
        return doc;
    }
}
