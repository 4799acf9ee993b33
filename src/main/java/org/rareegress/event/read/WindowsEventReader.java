package org.rareegress.event.read;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import org.rareegress.event.IpAddresses;
import org.rareegress.event.NetworkEvent;
import org.rareegress.event.RawSlice;
import org.rareegress.event.ReadSink;
import org.rareegress.event.SourceRef;
import org.rareegress.event.Timestamps;
import org.rareegress.event.read.EventValidator.InvalidEventException;

/**
 * Windows events as shippers write them, one parsed record at a time. Sysmon 3 (NetworkConnect)
 * becomes a {@link NetworkEvent}, joined with the Sysmon 1 (process creation) of the same host and
 * {@code ProcessGuid} for hashes and command line; Sysmon 1 is remembered; every other event is well
 * formed but not a network event, so it is skipped. The field mapping is in docs/input-formats.md.
 */
final class WindowsEventReader {
    static final String SYSMON_CHANNEL = "Microsoft-Windows-Sysmon/Operational";
    static final String SYSMON_PROVIDER = "Microsoft-Windows-Sysmon";
    private static final int PROCESS_CREATION = 1;
    private static final int NETWORK_CONNECT = 3;

    /** Where a shipper puts the event id, channel, provider, host and the event's own data. */
    enum Shape {
        /** nxlog (im_msvistalog) through Logstash: everything flat at the top level. */
        NXLOG("EventID", "Channel", "SourceName", "Hostname", null),
        /** winlogbeat 6: top-level header fields, the event's data under {@code event_data}. */
        WINLOGBEAT("event_id", "log_name", "source_name", "computer_name", "event_data"),
        /** winlogbeat 7 and later: all of it under {@code winlog}. */
        WINLOG("winlog.event_id", "winlog.channel", "winlog.provider_name", "winlog.computer_name", "winlog.event_data");

        final String eventId;
        final String channel;
        final String provider;
        final String host;
        final String data;

        Shape(String eventId, String channel, String provider, String host, String data) {
            this.eventId = eventId;
            this.channel = channel;
            this.provider = provider;
            this.host = host;
            this.data = data;
        }

        static Shape of(JsonNode root) {
            for (Shape shape : values()) {
                if (JsonFields.has(root, shape.eventId)) {
                    return shape;
                }
            }
            return null;
        }
    }

    private final EventValidator validator;
    private final ProcessCreations processes;
    private final EventFields fields = new EventFields();

    WindowsEventReader(EventValidator validator, ProcessCreations processes) {
        this.validator = validator;
        this.processes = processes;
    }

    static boolean recognizes(JsonNode root) {
        return Shape.of(root) != null;
    }

    /** Reads a record {@link #recognizes} accepted; throws {@link InvalidEventException} for a bad Sysmon 3. */
    void read(JsonNode root, SourceRef source, RawSlice raw, ReadSink sink) {
        Shape shape = Shape.of(root);
        long eventId = JsonFields.number(root, shape.eventId, shape.eventId, 65_535);
        String channel = JsonFields.text(root, shape.channel, shape.channel);
        String provider = JsonFields.text(root, shape.provider, shape.provider);
        boolean sysmon = SYSMON_CHANNEL.equalsIgnoreCase(channel) || SYSMON_PROVIDER.equalsIgnoreCase(provider);
        if (!sysmon) {
            sink.skip("Windows event " + eventId);
            return;
        }
        JsonNode data = shape.data == null ? root : JsonFields.at(root, shape.data);
        if (data == null || !data.isObject()) {
            throw new InvalidEventException("Sysmon event has no " + shape.data + " object");
        }
        if (eventId == PROCESS_CREATION) {
            remember(root, shape, data);
            sink.skip("Sysmon event 1");
        } else if (eventId == NETWORK_CONNECT) {
            sink.event(networkEvent(root, shape, data, source, raw));
        } else {
            sink.skip("Sysmon event " + eventId);
        }
    }

    private NetworkEvent networkEvent(JsonNode root, Shape shape, JsonNode data, SourceRef source, RawSlice raw) {
        String host = JsonFields.limit(required(JsonFields.text(root, shape.host, shape.host), shape.host), shape.host,
                EventValidator.MAX_DEVICE_LENGTH);
        String image = required(JsonFields.text(data, "Image", "Image"), "Image");
        String processName = JsonFields.processName(image, "Image");
        Boolean initiated = JsonFields.bool(data, "Initiated", "Initiated");
        if (initiated == null) {
            throw new InvalidEventException("Initiated is missing");
        }
        // Sysmon names the initiator Source: on an inbound connection the remote end is the source.
        String ipField = initiated ? "DestinationIp" : "SourceIp";
        String portField = initiated ? "DestinationPort" : "SourcePort";
        String ip = required(JsonFields.text(data, ipField, ipField), ipField);
        IpAddresses.Parsed address = EventValidator.address(ipField, ip);
        long port = JsonFields.number(data, portField, portField, 65_535);
        String timestamp = EventTimes.sysmon(root, data);
        long timeNanos = Timestamps.parseNanos(timestamp);

        String deviceId = host.toLowerCase(Locale.ROOT);
        String guid = JsonFields.text(data, "ProcessGuid", "ProcessGuid");
        ProcessCreation creation = guid == null ? null
                : processes.get(deviceId, guid.toLowerCase(Locale.ROOT), timeNanos);

        fields.clear();
        fields.timestamp = timestamp;
        fields.deviceId = deviceId;
        fields.deviceName = host;
        fields.actionType = initiated ? "ConnectionSuccess" : "InboundConnectionAccepted";
        fields.protocol = JsonFields.protocol(JsonFields.text(data, "Protocol", "Protocol"));
        fields.remoteIpType = RemoteIpTypes.of(ip, address);
        fields.remoteIp = ip;
        fields.remotePort = (int) port;
        // DestinationHostname is Sysmon's reverse lookup of the IP, not a name the process asked for:
        // it must not become RemoteUrl, or the empty-RemoteUrl clause would drop plain-IP connections.
        fields.remoteUrl = null;
        fields.processFileName = processName;
        fields.folderPath = image;
        if (creation != null) {
            fields.md5 = creation.md5();
            fields.sha256 = creation.sha256();
            fields.commandLine = creation.commandLine();
        }
        return validator.validate(fields, source, raw);
    }

    /** Sysmon 1: remembered for the network events of the process; never rejected, as it is not one itself. */
    private void remember(JsonNode root, Shape shape, JsonNode data) {
        try {
            String host = JsonFields.text(root, shape.host, shape.host);
            String guid = JsonFields.text(data, "ProcessGuid", "ProcessGuid");
            if (host == null || guid == null) {
                return;
            }
            String hashes = JsonFields.text(data, "Hashes", "Hashes");
            String md5 = Hashes.pick(hashes, "MD5", 32);
            String sha256 = Hashes.pick(hashes, "SHA256", 64);
            if (hashes == null) {
                // winlogbeat's Sysmon module may keep only the ECS copies of the hashes.
                md5 = Hashes.hex(JsonFields.text(root, "process.hash.md5", "process.hash.md5"), 32);
                sha256 = Hashes.hex(JsonFields.text(root, "process.hash.sha256", "process.hash.sha256"), 64);
            }
            // The table keeps it cut to 1,024 characters, and ignores a host or guid longer than real ones.
            String commandLine = JsonFields.text(data, "CommandLine", "CommandLine");
            long time = Timestamps.parseNanos(EventTimes.sysmon(root, data));
            processes.put(host.toLowerCase(Locale.ROOT), guid.toLowerCase(Locale.ROOT),
                    new ProcessCreation(commandLine, md5, sha256), time);
        } catch (IllegalArgumentException | InvalidEventException e) {
            // A process creation with unusable fields is not remembered; its network events go unjoined.
        }
    }

    private static String required(String value, String field) {
        if (value == null) {
            throw new InvalidEventException(field + " is missing");
        }
        return value;
    }
}
