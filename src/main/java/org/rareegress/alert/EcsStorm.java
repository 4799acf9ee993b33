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
        ObjectNode doc = EcsAlert.head(storm.windowEnd(), Messages.summary(storm));
        doc.set("event", EcsAlert.event("info", storm.type(), storm.alertId(), detection,
                storm.suppressed() + " NEW_RARE suppressed past alert.storm-threshold " + storm.stormThreshold(),
                storm.detectedAt(), storm.lastSuppressedAt()));
        doc.set("rule", EcsAlert.rule(StormRule.DEFINITION));
        doc.set("threat", EcsAlert.threat(detection.techniques()));
        doc.set("observer", EcsAlert.observer());
        ObjectNode custom = EcsCustomFields.identity(EcsAlert.SCHEMA_VERSION, storm.alertId(), storm.type(), null,
                detection);
        custom.put("detected_at", storm.detectedAt());
        custom.put("last_suppressed_at", storm.lastSuppressedAt());
        custom.put("window_start", storm.windowStart());
        custom.put("window_end", storm.windowEnd());
        custom.put("storm_threshold", storm.stormThreshold());
        custom.put("suppressed", storm.suppressed());
        JsonTree.putStrings(custom, "processes", storm.processes());
        doc.set(EcsAlert.CUSTOM_PREFIX, custom);
        return doc;
    }
}
