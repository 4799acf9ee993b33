package org.rareegress.alert;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.rareegress.detect.Alert;
import org.rareegress.detect.AlertIds;
import org.rareegress.detect.FilterSettings;
import org.rareegress.detect.HuntRow;

/** The evidence of an OCSF finding: the triggering connection, its process, and the observables a SIEM pivots on. */
final class OcsfEvidence {
    private OcsfEvidence() {
    }

    /** The triggering connection as an OCSF {@code evidences} item, on {@code device}. */
    static ObjectNode of(Alert alert, ObjectNode device, FilterSettings filter) {
        Alert.Trigger trigger = alert.trigger();
        HuntRow facts = alert.facts();
        ObjectNode evidence = JsonTree.object();
        evidence.set("device", device);
        ObjectNode endpoint = evidence.putObject("dst_endpoint");
        endpoint.put("ip", trigger.remoteIp());
        endpoint.put("port", trigger.remotePort());
        // GeoIP describes SampleRemoteIP: attached only when that is this connection's address.
        if (trigger.remoteIp().equals(facts.sampleRemoteIp())) {
            ObjectNode location = JsonTree.object();
            JsonTree.put(location, "country", facts.remoteIpCountryIsoCode());
            JsonTree.put(endpoint, "location", location);
            ObjectNode as = JsonTree.object();
            if (facts.remoteIpAsn() != null && facts.remoteIpAsn() <= Integer.MAX_VALUE) {
                as.put("number", facts.remoteIpAsn().intValue());
            }
            JsonTree.put(as, "name", facts.remoteIpAsOrganization());
            JsonTree.put(endpoint, "autonomous_system", as);
        }
        evidence.set("process", process(trigger));
        ObjectNode connection = evidence.putObject("connection_info");
        connection.put("direction_id", 2);
        connection.put("direction", "Outbound");
        if (filter.protocols().size() == 1) {
            connection.put("protocol_name", filter.protocols().iterator().next().toLowerCase(Locale.ROOT));
        }
        return evidence;
    }

    /**
     * The initiating process. The input has no process id, so {@code uid} (OCSF asks for a pid, uid or cpid)
     * is ours: a name-based UUID of the device, the executable and its hash, the same for every connection of
     * that executable on that device (it correlates findings, it is not one process instance).
     */
    private static ObjectNode process(Alert.Trigger trigger) {
        ObjectNode process = JsonTree.object();
        process.put("name", trigger.processFileName());
        JsonTree.put(process, "cmd_line", trigger.commandLine());
        JsonTree.put(process, "path", trigger.folderPath());
        String image = trigger.folderPath() != null ? trigger.folderPath() : trigger.processFileName();
        String hash = trigger.sha256() != null ? trigger.sha256() : String.valueOf(trigger.md5());
        process.put("uid", AlertIds.nameBased("process", trigger.deviceId(), image.toLowerCase(Locale.ROOT), hash));
        ObjectNode file = process.putObject("file");
        file.put("name", trigger.processFileName());
        JsonTree.put(file, "path", trigger.folderPath());
        file.put("type_id", 1);
        file.put("type", "Regular File");
        ArrayNode hashes = JsonTree.object().arrayNode();
        if (trigger.md5() != null) {
            hashes.addObject().put("algorithm_id", 1).put("algorithm", "MD5").put("value", trigger.md5());
        }
        if (trigger.sha256() != null) {
            hashes.addObject().put("algorithm_id", 3).put("algorithm", "SHA-256").put("value", trigger.sha256());
        }
        if (!hashes.isEmpty()) {
            file.set("hashes", hashes);
        }
        return process;
    }

    /** What a SIEM indexes for pivots: the host, the remote address, the process name and its hashes. */
    static ArrayNode observables(Alert.Trigger trigger) {
        ArrayNode observables = JsonTree.object().arrayNode();
        if (trigger.deviceName() != null) {
            observable(observables, "device.hostname", 1, "Hostname", trigger.deviceName());
        }
        observable(observables, "evidences.dst_endpoint.ip", 2, "IP Address", trigger.remoteIp());
        observable(observables, "evidences.process.name", 9, "Process Name", trigger.processFileName());
        if (trigger.md5() != null) {
            observable(observables, "evidences.process.file.hashes.value", 8, "Hash", trigger.md5());
        }
        if (trigger.sha256() != null) {
            observable(observables, "evidences.process.file.hashes.value", 8, "Hash", trigger.sha256());
        }
        return observables;
    }

    private static void observable(ArrayNode observables, String name, int typeId, String type, String value) {
        observables.addObject().put("name", name).put("type_id", typeId).put("type", type).put("value", value);
    }

}
