package org.rareegress.event.read;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.rareegress.event.IpAddresses;
import org.rareegress.event.RawSlice;
import org.rareegress.event.ReadSink;
import org.rareegress.event.SourceRef;
import org.rareegress.event.read.EventValidator.InvalidEventException;

/**
 * Elastic Common Schema network events (Elastic Defend, Sysmon through Elastic's pipelines, any
 * ECS-shaped shipper), nested objects or dotted keys. Events of other categories (process, file, …)
 * and DNS lookups (network events with no address) are skipped. The mapping is in docs/input-formats.md.
 */
final class EcsReader {
    /** ECS {@code network.direction} values (and Elastic Defend's older ones) that mean "this host initiated". */
    static final Set<String> OUTBOUND = Set.of("egress", "outbound", "outgoing");

    private final EventValidator validator;
    private final EventFields fields = new EventFields();

    EcsReader(EventValidator validator) {
        this.validator = validator;
    }

    /** An ECS record: {@code @timestamp} and at least one ECS field set the mapping uses. */
    static boolean recognizes(JsonNode root) {
        return JsonFields.has(root, "@timestamp")
                && (JsonFields.has(root, "ecs.version") || JsonFields.has(root, "event.category")
                || JsonFields.has(root, "destination.ip") || JsonFields.has(root, "network.direction"));
    }

    /** Reads a record {@link #recognizes} accepted; throws {@link InvalidEventException} for a bad network event. */
    void read(JsonNode root, SourceRef source, RawSlice raw, ReadSink sink) {
        List<String> categories = JsonFields.lowerList(root, "event.category", "event.category");
        if (!categories.isEmpty() && !categories.contains("network")) {
            sink.skip("ECS event of category " + String.join(",", categories));
            return;
        }
        String direction = JsonFields.text(root, "network.direction", "network.direction");
        boolean outbound = direction != null && OUTBOUND.contains(direction.toLowerCase(Locale.ROOT));
        // ECS's source is the initiator: on an inbound connection the remote end is the source.
        String side = outbound ? "destination" : "source";
        String ip = JsonFields.text(root, side + ".ip", side + ".ip");
        if (ip == null) {
            if (JsonFields.has(root, "dns")) {
                sink.skip("ECS DNS event");
                return;
            }
            throw new InvalidEventException(side + ".ip is missing");
        }
        IpAddresses.Parsed address = EventValidator.address(side + ".ip", ip);
        long port = JsonFields.number(root, side + ".port", side + ".port", 65_535);

        String hostName = JsonFields.text(root, "host.name", "host.name");
        if (hostName == null) {
            hostName = JsonFields.text(root, "host.hostname", "host.hostname");
        }
        if (hostName == null) {
            throw new InvalidEventException("host.name is missing");
        }
        JsonFields.limit(hostName, "host.name", EventValidator.MAX_DEVICE_LENGTH);
        String hostId = JsonFields.text(root, "host.id", "host.id");
        String executable = JsonFields.text(root, "process.executable", "process.executable");
        String name = executable != null ? JsonFields.processName(executable, "process.executable")
                : JsonFields.text(root, "process.name", "process.name");
        if (name == null || name.isEmpty()) {
            throw new InvalidEventException("process.executable and process.name are missing");
        }

        fields.clear();
        fields.timestamp = EventTimes.iso(required(JsonFields.text(root, "@timestamp", "@timestamp")), "@timestamp");
        fields.deviceId = hostId != null ? hostId : hostName.toLowerCase(Locale.ROOT);
        fields.deviceName = hostName;
        fields.actionType = actionType(outbound, JsonFields.text(root, "event.outcome", "event.outcome"));
        fields.protocol = JsonFields.protocol(JsonFields.text(root, "network.transport", "network.transport"));
        fields.remoteIpType = RemoteIpTypes.of(ip, address);
        fields.remoteIp = ip;
        fields.remotePort = (int) port;
        // destination.domain is a resolved name at best, never the URL the process asked for.
        fields.remoteUrl = null;
        fields.processFileName = name;
        fields.folderPath = executable;
        fields.md5 = lower(JsonFields.text(root, "process.hash.md5", "process.hash.md5"));
        fields.sha256 = lower(JsonFields.text(root, "process.hash.sha256", "process.hash.sha256"));
        fields.commandLine = JsonFields.text(root, "process.command_line", "process.command_line");
        sink.event(validator.validate(fields, source, raw));
    }

    /** Defender's names: a failed outbound attempt is ConnectionFailed, which the default filter drops. */
    static String actionType(boolean outbound, String outcome) {
        if (!outbound) {
            return "InboundConnectionAccepted";
        }
        return "failure".equalsIgnoreCase(outcome) ? "ConnectionFailed" : "ConnectionSuccess";
    }

    private static String lower(String hash) {
        return hash == null ? null : hash.toLowerCase(Locale.ROOT);
    }

    private static String required(String timestamp) {
        if (timestamp == null) {
            throw new InvalidEventException("@timestamp is missing");
        }
        return timestamp;
    }
}
