package org.rareegress.alert;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.rareegress.detect.Alert;
import org.rareegress.detect.AlertType;
import org.rareegress.detect.FilterSettings;
import org.rareegress.detect.HuntRow;

/**
 * An alert as an Elastic Common Schema 9.x document ({@code alert.format=ecs}, schemas/alert-ecs.schema.json):
 * ECS fields where ECS has one, everything else under the custom field set {@code rare_egress}. The mapping,
 * field by field, is in docs/alerts.md.
 */
public final class EcsAlert {
    /** schemas/alert-ecs.schema.json: 1.2 added STORM, whose documents say it. */
    public static final String SCHEMA_VERSION = "1.2";
    /** What an alert of the process dimension says: it is exactly a 1.0 document. */
    public static final String PROCESS_SCHEMA_VERSION = "1.0";
    /** What an alert of a refined dimension says: it has the fields of 1.1, none of 1.2. */
    public static final String DIMENSION_SCHEMA_VERSION = "1.1";

    static String schemaVersion(Alert alert) {
        return alert.facts().dimension() == null ? PROCESS_SCHEMA_VERSION : DIMENSION_SCHEMA_VERSION;
    }
    /** The ECS release whose field catalogue the tests check these documents against. */
    public static final String ECS_VERSION = "9.4.0";
    /** The custom field set: not an ECS field set, lower-case as ECS asks of custom fields. */
    public static final String CUSTOM_PREFIX = "rare_egress";

    private EcsAlert() {
    }

    public static ObjectNode document(Alert alert, Detection detection, FilterSettings filter) {
        HuntRow facts = alert.facts();
        Alert.Trigger trigger = alert.trigger();
        ObjectNode doc = head(alert.windowEnd(), Messages.summary(alert));
        doc.set("event", event("connection", alert.type(), alert.alertId(), detection,
                "new: " + String.join(", ", alert.trigger().newFacts()), alert.facts().firstSeen(), alert.facts().lastSeen()));
        doc.set("rule", rule(DimensionRule.of(facts.dimensionOrProcess())));
        doc.set("threat", threat(detection.techniques()));
        doc.set("process", process(trigger));
        doc.set("destination", destination(alert));
        ObjectNode host = JsonTree.object();
        JsonTree.put(host, "id", trigger.deviceId());
        JsonTree.put(host, "name", trigger.deviceName());
        JsonTree.put(doc, "host", host);
        doc.set("network", network(filter));
        doc.set("related", related(alert));
        doc.set("observer", observer());
        doc.set(CUSTOM_PREFIX, EcsCustomFields.of(alert, detection));
        return doc;
    }

    static ObjectNode observer() {
        ObjectNode observer = JsonTree.object();
        observer.put("vendor", Product.NAME);
        observer.put("product", Product.NAME);
        JsonTree.put(observer, "version", Product.version());
        return observer;
    }

    /** What every document starts with, a STORM's too: {@code @timestamp} (the end of its window), ECS version, message. */
    static ObjectNode head(String windowEnd, String message) {
        ObjectNode doc = JsonTree.object();
        doc.put("@timestamp", windowEnd);
        doc.putObject("ecs").put("version", ECS_VERSION);
        doc.put("message", message);
        return doc;
    }

    /**
     * The {@code event} field set of an alert or a STORM: an alert about the network, of ECS type {@code type},
     * its action the alert type; {@code start} left out when absent. Every alert comes from the same dataset.
     */
    static ObjectNode event(String type, AlertType action, String id, Detection detection, String reason, String start,
                            String end) {
        ObjectNode event = JsonTree.object();
        event.put("kind", "alert");
        event.putArray("category").add("network");
        event.putArray("type").add(type);
        event.put("action", action.name());
        event.put("id", id);
        event.put("severity", detection.severity().ocsfId());
        event.put("reason", reason);
        JsonTree.put(event, "start", start);
        JsonTree.put(event, "end", end);
        event.put("dataset", "rare_egress.alerts");
        event.put("module", "rare_egress");
        event.put("provider", Product.NAME);
        return event;
    }

    static ObjectNode rule(DimensionRule definition) {
        ObjectNode rule = JsonTree.object();
        rule.put("id", definition.id());
        rule.put("uuid", definition.uuid());
        rule.put("name", definition.name());
        rule.put("description", definition.description());
        rule.put("ruleset", Rule.RULESET);
        rule.put("category", definition.category());
        return rule;
    }

    /** ECS keeps techniques and tactics as parallel arrays (threat.technique.id, .name, .reference). */
    static ObjectNode threat(List<Technique> techniques) {
        ObjectNode threat = JsonTree.object();
        threat.put("framework", "MITRE ATT&CK");
        ObjectNode technique = threat.putObject("technique");
        ArrayNode ids = technique.putArray("id");
        ArrayNode names = technique.putArray("name");
        ArrayNode references = technique.putArray("reference");
        Set<Technique> tactics = new LinkedHashSet<>();
        for (Technique t : techniques) {
            ids.add(t.id());
            names.add(t.name());
            references.add(t.reference());
            if (tactics.stream().noneMatch(seen -> seen.tacticId().equals(t.tacticId()))) {
                tactics.add(t);
            }
        }
        ObjectNode tactic = threat.putObject("tactic");
        ArrayNode tacticIds = tactic.putArray("id");
        ArrayNode tacticNames = tactic.putArray("name");
        ArrayNode tacticReferences = tactic.putArray("reference");
        for (Technique t : tactics) {
            tacticIds.add(t.tacticId());
            tacticNames.add(t.tacticName());
            tacticReferences.add(t.tacticReference());
        }
        return threat;
    }

    private static ObjectNode process(Alert.Trigger trigger) {
        ObjectNode process = JsonTree.object();
        process.put("name", trigger.processFileName());
        JsonTree.put(process, "executable", trigger.folderPath());
        JsonTree.put(process, "command_line", trigger.commandLine());
        ObjectNode hash = JsonTree.object();
        JsonTree.put(hash, "md5", trigger.md5());
        JsonTree.put(hash, "sha256", trigger.sha256());
        JsonTree.put(process, "hash", hash);
        return process;
    }

    /** The triggering connection's end; GeoIP describes SampleRemoteIP, so it is added only when that is this IP. */
    private static ObjectNode destination(Alert alert) {
        Alert.Trigger trigger = alert.trigger();
        HuntRow facts = alert.facts();
        ObjectNode destination = JsonTree.object();
        destination.put("ip", trigger.remoteIp());
        destination.put("port", trigger.remotePort());
        destination.put("address", trigger.remoteIp());
        if (trigger.remoteIp().equals(facts.sampleRemoteIp())) {
            ObjectNode geo = JsonTree.object();
            JsonTree.put(geo, "country_name", facts.remoteIpCountry());
            JsonTree.put(geo, "country_iso_code", facts.remoteIpCountryIsoCode());
            JsonTree.put(destination, "geo", geo);
            ObjectNode as = JsonTree.object();
            JsonTree.put(as, "number", facts.remoteIpAsn());
            if (facts.remoteIpAsOrganization() != null) {
                as.putObject("organization").put("name", facts.remoteIpAsOrganization());
            }
            JsonTree.put(destination, "as", as);
        }
        return destination;
    }

    private static ObjectNode network(FilterSettings filter) {
        ObjectNode network = JsonTree.object();
        network.put("direction", "egress");
        network.put("type", "ipv4");
        // Kept events carry no protocol; it is known only when the filter keeps exactly one.
        if (filter.protocols().size() == 1) {
            network.put("transport", filter.protocols().iterator().next().toLowerCase(Locale.ROOT));
        }
        return network;
    }

    private static ObjectNode related(Alert alert) {
        Alert.Trigger trigger = alert.trigger();
        HuntRow facts = alert.facts();
        Set<String> ips = new LinkedHashSet<>();
        ips.add(trigger.remoteIp());
        ips.addAll(facts.remoteIps());
        Set<String> hashes = new LinkedHashSet<>();
        if (trigger.md5() != null) {
            hashes.add(trigger.md5());
        }
        if (trigger.sha256() != null) {
            hashes.add(trigger.sha256());
        }
        hashes.addAll(facts.hashes());
        Set<String> hosts = new LinkedHashSet<>();
        facts.devices().forEach(d -> hosts.add(d.deviceName() != null ? d.deviceName() : d.deviceId()));
        ObjectNode related = JsonTree.object();
        JsonTree.putStrings(related, "ip", ips);
        JsonTree.putStrings(related, "hash", hashes);
        JsonTree.putStrings(related, "hosts", hosts);
        return related;
    }
}
