package org.rareegress.alert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rareegress.codec.OutputJson;
import org.rareegress.detect.StormAlert;

/**
 * A STORM alert as an OCSF 1.5 Detection Finding ({@code alert.format=ocsf}, {@code $defs/StormFinding} of
 * schemas/alert-ocsf.schema.json): a finding of its own (activity Create, {@code finding_info.uid} its
 * {@code AlertId}), {@code count} the NEW_RARE alerts it stands for, {@code start_time} and {@code end_time} the
 * first and last of them. It is about many processes on any devices, so it has no {@code device},
 * {@code evidences} or {@code observables} (all "recommended" in OCSF, none required); the names and the rest are
 * under {@code unmapped.rare_egress}, with their native names. The mapping is in docs/alerts.md.
 */
final class OcsfStorm {
    private OcsfStorm() {
    }

    static ObjectNode document(StormAlert storm, Detection detection) {
        ObjectNode doc = OcsfFinding.header(storm.type(), storm.windowEnd(), detection, Messages.summary(storm), true);
        // OCSF's count is a 32-bit integer_t; a storm of more NEW_RARE than that is counted in Suppressed alone.
        if (storm.suppressed() <= Integer.MAX_VALUE) {
            doc.put("count", (int) storm.suppressed());
        }
        doc.put("start_time", OcsfFinding.millis(storm.detectedAt()));
        doc.put("end_time", OcsfFinding.millis(storm.lastSuppressedAt()));
        doc.set("metadata", OcsfFinding.metadata(storm.alertId()));
        ObjectNode info = doc.putObject("finding_info");
        info.put("uid", storm.alertId());
        info.put("title", "Alert storm: " + storm.suppressed() + " NEW_RARE suppressed");
        info.put("desc", StormRule.DESCRIPTION);
        info.putArray("types").add(storm.type().name());
        info.putArray("data_sources").add("DeviceNetworkEvents");
        info.put("first_seen_time", OcsfFinding.millis(storm.detectedAt()));
        info.put("last_seen_time", OcsfFinding.millis(storm.lastSuppressedAt()));
        OcsfFinding.analytic(info, detection);
        doc.putObject("unmapped").set("rare_egress", unmapped(storm, detection));
        return doc;
    }

    /** The native STORM fields OCSF has no attribute for, with their native names. */
    private static ObjectNode unmapped(StormAlert storm, Detection detection) {
        ObjectNode native_ = OutputJson.mapper().valueToTree(NativeStormAlert.of(storm, detection));
        ObjectNode unmapped = JsonTree.object();
        JsonTree.copy(unmapped, native_, "SchemaVersion", "AlertId", "AlertType", "DetectedAt", "LastSuppressedAt",
                "WindowStart", "WindowEnd", "StormThreshold", "Suppressed", "Processes", "SeverityReason", "HuntQuery");
        return unmapped;
    }
}
