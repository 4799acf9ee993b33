package org.rareegress.alert;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.rareegress.codec.OutputJson;
import org.rareegress.detect.Alert;
import org.rareegress.detect.AlertType;
import org.rareegress.detect.FilterSettings;
import org.rareegress.detect.HuntRow;

/**
 * An alert as an OCSF 1.5 Detection Finding ({@code alert.format=ocsf}, class_uid 2004,
 * schemas/alert-ocsf.schema.json). NEW_RARE, UPDATED and NO_LONGER_RARE are the activities Create, Update
 * and Close of one finding, whose {@code finding_info.uid} is the {@link Episode} id. The triggering
 * connection is the evidence; what OCSF has no attribute for is under {@code unmapped.rare_egress}, with the
 * native alert's field names. The mapping, field by field, is in docs/alerts.md.
 */
public final class OcsfFinding {
    /** schemas/alert-ocsf.schema.json: 1.2 added STORM, whose findings say it. */
    public static final String SCHEMA_VERSION = "1.2";
    /** What a finding of the process dimension says: it is exactly a 1.0 document. */
    public static final String PROCESS_SCHEMA_VERSION = "1.0";
    /** What a finding of a refined dimension says: it has the fields of 1.1, none of 1.2. */
    public static final String DIMENSION_SCHEMA_VERSION = "1.1";
    public static final String OCSF_VERSION = "1.5.0";
    public static final int CATEGORY_UID = 2;
    public static final int CLASS_UID = 2004;

    private OcsfFinding() {
    }

    public static ObjectNode document(Alert alert, Detection detection, FilterSettings filter) {
        HuntRow facts = alert.facts();
        ObjectNode doc = header(alert.type(), alert.windowEnd(), detection, Messages.summary(alert),
                alert.type() != AlertType.NO_LONGER_RARE);
        if (facts.firstSeen() != null) {
            doc.put("start_time", millis(facts.firstSeen()));
        }
        doc.put("end_time", millis(facts.lastSeen()));
        doc.set("metadata", metadata(alert.alertId()));
        doc.set("finding_info", findingInfo(alert, detection));
        ObjectNode device = device(alert.trigger());
        doc.set("device", device);
        doc.putArray("evidences").add(OcsfEvidence.of(alert, device.deepCopy(), filter));
        doc.set("observables", OcsfEvidence.observables(alert.trigger()));
        doc.putObject("unmapped").set("rare_egress", unmapped(alert, detection));
        return doc;
    }

    private static HuntRow facts(Alert alert) {
        return alert.facts();
    }

    /** A STORM is a finding of its own, created and complete in its one record. */
    private static int activityId(AlertType type) {
        return switch (type) {
            case NEW_RARE, STORM -> 1;
            case UPDATED -> 2;
            case NO_LONGER_RARE -> 3;
        };
    }

    /**
     * What every finding of ours starts with: the class, category, activity and type attributes, then its time
     * (the end of its window), severity, message and whether it is an alert.
     */
    static ObjectNode header(AlertType type, String windowEnd, Detection detection, String message, boolean isAlert) {
        int activity = activityId(type);
        ObjectNode doc = JsonTree.object();
        doc.put("category_uid", CATEGORY_UID);
        doc.put("category_name", "Findings");
        doc.put("class_uid", CLASS_UID);
        doc.put("class_name", "Detection Finding");
        doc.put("activity_id", activity);
        doc.put("activity_name", activityName(activity));
        doc.put("type_uid", CLASS_UID * 100L + activity);
        doc.put("type_name", "Detection Finding: " + activityName(activity));
        doc.put("time", millis(windowEnd));
        doc.put("severity_id", detection.severity().ocsfId());
        doc.put("severity", detection.severity().label());
        doc.put("message", message);
        doc.put("is_alert", isAlert);
        return doc;
    }

    private static String activityName(int activity) {
        return switch (activity) {
            case 1 -> "Create";
            case 2 -> "Update";
            default -> "Close";
        };
    }

    static ObjectNode metadata(String alertId) {
        ObjectNode metadata = JsonTree.object();
        metadata.put("version", OCSF_VERSION);
        metadata.put("uid", alertId);
        ObjectNode product = metadata.putObject("product");
        product.put("name", Product.NAME);
        product.put("vendor_name", Product.NAME);
        JsonTree.put(product, "version", Product.version());
        return metadata;
    }

    private static ObjectNode findingInfo(Alert alert, Detection detection) {
        ObjectNode info = JsonTree.object();
        info.put("uid", Episode.id(alert));
        int devices = alert.facts().deviceCount();
        info.put("title", "Rare outbound IPv4 connection: " + alert.process() + " on " + devices
                + (devices == 1 ? " device" : " devices"));
        DimensionRule rule = DimensionRule.of(facts(alert).dimensionOrProcess());
        info.put("desc", rule.description());
        info.putArray("types").add(alert.type().name());
        info.putArray("data_sources").add("DeviceNetworkEvents");
        if (alert.facts().firstSeen() != null) {
            info.put("first_seen_time", millis(alert.facts().firstSeen()));
        }
        info.put("last_seen_time", millis(alert.facts().lastSeen()));
        analytic(info, detection);
        return info;
    }

    /** {@code finding_info.analytic}, the rule, and {@code finding_info.attacks}, its ATT&CK techniques. */
    static void analytic(ObjectNode info, Detection detection) {
        ObjectNode analytic = info.putObject("analytic");
        analytic.put("uid", detection.ruleId());
        analytic.put("name", detection.ruleName());
        analytic.put("type_id", 1);
        analytic.put("type", "Rule");
        ArrayNode attacks = info.putArray("attacks");
        for (Technique technique : detection.techniques()) {
            ObjectNode attack = attacks.addObject();
            ObjectNode t = attack.putObject("technique");
            t.put("uid", technique.id());
            t.put("name", technique.name());
            t.put("src_url", technique.reference());
            ObjectNode tactic = attack.putObject("tactic");
            tactic.put("uid", technique.tacticId());
            tactic.put("name", technique.tacticName());
            tactic.put("src_url", technique.tacticReference());
        }
    }

    /** The device of the triggering event. Its kind (server, laptop...) is not in the input: type Unknown. */
    private static ObjectNode device(Alert.Trigger trigger) {
        ObjectNode device = JsonTree.object();
        device.put("type_id", 0);
        device.put("type", "Unknown");
        device.put("uid", trigger.deviceId());
        JsonTree.put(device, "hostname", trigger.deviceName());
        return device;
    }

    /** The native alert's fields OCSF has no attribute for, with their native names. */
    private static ObjectNode unmapped(Alert alert, Detection detection) {
        ObjectNode native_ = OutputJson.mapper().valueToTree(NativeAlert.of(alert, detection));
        ObjectNode unmapped = JsonTree.object();
        unmapped.put("SchemaVersion", alert.facts().dimension() == null ? PROCESS_SCHEMA_VERSION
                : DIMENSION_SCHEMA_VERSION);
        JsonTree.copy(unmapped, native_, "AlertId", "AlertType", "InitiatingProcessFileName", "Dimension", "RemotePort",
                "SHA256", "MD5", "ASN", "DeviceCount",
                "Threshold", "Hashes", "Ports", "SampleProcess", "SampleRemoteIP", "RemoteIP_country",
                "RemoteIP_countryIsoCode", "RemoteIP_asn", "RemoteIP_asOrganization", "Devices", "RemoteIPs",
                "FirstSeen", "LastSeen", "EvidenceTruncated", "DetectedAt", "ConfirmedAt", "WindowStart", "WindowEnd",
                "SeverityReason", "HuntQuery");
        unmapped.set("New", native_.path("Trigger").get("New"));
        unmapped.put("TriggerTimestamp", alert.trigger().timestamp());
        if (native_.has("Source")) {
            unmapped.set("Source", native_.get("Source"));
        }
        return unmapped;
    }

    static long millis(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }
}
