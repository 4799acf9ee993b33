package org.rareegress.event.read;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.rareegress.event.InputFormat;
import org.rareegress.event.InputSettings;
import org.rareegress.event.RecordReader;
import org.rareegress.event.SourceRef;

/**
 * Builders of Windows event records as nxlog/Logstash ships them (flat), with the field names and
 * value types of the OTRF files, and of readers over an in-memory process table.
 */
final class SysmonRecords {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    static final SourceRef SOURCE = SourceRef.file("test.jsonl", 7);
    static final String GUID = "{01e2a015-a687-62c4-a707-000000000700}";
    static final String PAYLOAD = "C:\\Users\\pedro\\Downloads\\payload.exe";
    static final String HASHES = "SHA1=C5C47622A4367C916EA81D9C46DF3BA2988D53A9,MD5=A81A5B5A42C7B58350CBDBC42A39341F,"
            + "SHA256=EF63E94479FFE3D5ABC64F3DC0E5CC3EF7FFAF24D925B8F428ED5D1F959083E0,IMPHASH=B4C6FFF030479AA3B12625BE67BF4914";

    private SysmonRecords() {
    }

    /** A Sysmon 3 outbound TCP connection of payload.exe to a public address, nxlog-style. */
    static ObjectNode networkConnect() {
        ObjectNode r = header(3);
        r.put("UtcTime", "2022-07-05 02:00:36.123");
        r.put("ProcessGuid", GUID);
        r.put("ProcessId", "7224");
        r.put("Image", PAYLOAD);
        r.put("User", "DESKTOP-CQF82L6\\pedro");
        r.put("Protocol", "tcp");
        r.put("Initiated", "true");
        r.put("SourceIsIpv6", "false");
        r.put("SourceIp", "10.0.10.102");
        r.put("SourceHostname", "-");
        r.put("SourcePort", "49723");
        r.put("DestinationIsIpv6", "false");
        r.put("DestinationIp", "93.184.216.34");
        r.put("DestinationHostname", "c2.example.net");
        r.put("DestinationPort", "8443");
        return r;
    }

    /** The Sysmon 1 that created payload.exe. */
    static ObjectNode processCreate() {
        ObjectNode r = header(1);
        r.put("UtcTime", "2022-07-05 02:00:30.000");
        r.put("ProcessGuid", GUID);
        r.put("Image", PAYLOAD);
        r.put("CommandLine", "\"" + PAYLOAD + "\" ");
        r.put("Hashes", HASHES);
        r.put("ParentImage", "C:\\Windows\\explorer.exe");
        return r;
    }

    static ObjectNode header(int eventId) {
        ObjectNode r = JSON.createObjectNode();
        r.put("SourceName", "Microsoft-Windows-Sysmon");
        r.put("Channel", "Microsoft-Windows-Sysmon/Operational");
        r.put("Hostname", "DESKTOP-CQF82L6");
        r.put("@timestamp", "2022-07-05T02:00:37.977Z");
        r.put("EventID", eventId);
        return r;
    }

    static byte[] bytes(ObjectNode record) {
        return record.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    static RecordReader reader(InputFormat format) {
        return reader(format, new ProcessCreationTable(new SortedMapStore(), Duration.ofDays(7), 1000));
    }

    static RecordReader reader(InputFormat format, ProcessCreations processes) {
        return RecordReaders.create(new InputSettings(format, 1_048_576, Duration.ofDays(1)), CLOCK, processes);
    }

    /** Reads records in order with one reader (so process creations are remembered) and collects everything. */
    static RecordingSink read(RecordReader reader, byte[]... records) {
        RecordingSink sink = new RecordingSink();
        for (byte[] record : records) {
            reader.read(record, SOURCE, sink);
        }
        return sink;
    }
}
