package org.rareegress.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rareegress.detect.Candidate;
import org.rareegress.event.read.MdeJsonReader;

/**
 * Test data: one DeviceNetworkEvents row, built field by field with an explicit timestamp, and
 * rendered as whatever a test needs: the JSON row bytes a reader sees, a Streaming-API envelope,
 * a {@link NetworkEvent} as the reader would produce it, or a {@link Candidate} as the filter would.
 *
 * <pre>{@code
 * anEvent().process("x.exe").device("d1").remoteIp("8.8.8.8").port(4444).at("2024-05-01T10:00:00Z")
 * }</pre>
 *
 * <p>The defaults are a candidate the seed hunt keeps (successful TCP to a public IPv4 on port 4444
 * of {@code tool.exe}, no RemoteUrl). Every field can be set to any JSON value, removed, or set to a
 * raw JSON fragment ({@link #raw}) for hostile input. Builders are mutable; {@link #copy()} forks one.
 */
public final class Events {
    public static final String DEFAULT_TIME = "2024-05-01T10:00:00Z";
    public static final String NETWORK_CATEGORY = "AdvancedHunting-DeviceNetworkEvents";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Object> fields = new LinkedHashMap<>();
    private SourceRef source = SourceRef.file("events.jsonl", 1);

    private Events() {
        fields.put("Timestamp", DEFAULT_TIME);
        fields.put("DeviceId", "d1");
        fields.put("DeviceName", "d1.contoso.local");
        fields.put("ActionType", "ConnectionSuccess");
        fields.put("RemoteIP", "8.8.8.8");
        fields.put("RemotePort", 4444);
        fields.put("RemoteUrl", "");
        fields.put("RemoteIPType", "Public");
        fields.put("Protocol", "Tcp");
        fields.put("InitiatingProcessFileName", "tool.exe");
        fields.put("InitiatingProcessMD5", "0123456789abcdef0123456789abcdef");
        fields.put("InitiatingProcessSHA256", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
        fields.put("InitiatingProcessCommandLine", "\"tool.exe\" --connect");
        fields.put("InitiatingProcessFolderPath", "c:\\tools\\tool.exe");
    }

    /** A kept candidate at {@link #DEFAULT_TIME}; change what the test is about. */
    public static Events anEvent() {
        return new Events();
    }

    public Events copy() {
        Events copy = new Events();
        copy.fields.clear();
        copy.fields.putAll(fields);
        copy.source = source;
        return copy;
    }

    // --- Fields by meaning ---

    /** Timestamp as text, exactly as it will appear in the JSON (any string, valid or not). */
    public Events at(String timestamp) {
        return set("Timestamp", timestamp);
    }

    public Events at(Instant timestamp) {
        return set("Timestamp", timestamp.toString());
    }

    /** Timestamp as nanoseconds since the epoch. */
    public Events atNanos(long nanos) {
        return set("Timestamp", Timestamps.format(nanos));
    }

    /** Sets DeviceId, and DeviceName to {@code id + ".contoso.local"}. */
    public Events device(String id) {
        set("DeviceId", id);
        return set("DeviceName", id == null ? null : id + ".contoso.local");
    }

    public Events deviceName(String name) {
        return set("DeviceName", name);
    }

    public Events action(String actionType) {
        return set("ActionType", actionType);
    }

    public Events protocol(String protocol) {
        return set("Protocol", protocol);
    }

    public Events remoteIpType(String type) {
        return set("RemoteIPType", type);
    }

    public Events remoteIp(String ip) {
        return set("RemoteIP", ip);
    }

    public Events port(int port) {
        return set("RemotePort", port);
    }

    public Events remoteUrl(String url) {
        return set("RemoteUrl", url);
    }

    public Events process(String fileName) {
        return set("InitiatingProcessFileName", fileName);
    }

    public Events md5(String md5) {
        return set("InitiatingProcessMD5", md5);
    }

    public Events sha256(String sha256) {
        return set("InitiatingProcessSHA256", sha256);
    }

    public Events commandLine(String commandLine) {
        return set("InitiatingProcessCommandLine", commandLine);
    }

    public Events folderPath(String folderPath) {
        return set("InitiatingProcessFolderPath", folderPath);
    }

    /** Where the event is said to come from ({@link NetworkEvent#source()}); not part of the JSON. */
    public Events source(SourceRef sourceRef) {
        this.source = sourceRef;
        return this;
    }

    // --- Fields by name, for hostile input ---

    /** Any field to any JSON-serializable value (String, Number, Boolean, null, List, Map). */
    public Events set(String field, Object value) {
        fields.put(field, value);
        return this;
    }

    /** A field whose value is the given JSON text, inserted verbatim (may be invalid JSON on purpose). */
    public Events raw(String field, String jsonText) {
        fields.put(field, new RawJson(jsonText));
        return this;
    }

    /** Removes the field from the row. */
    public Events without(String field) {
        fields.remove(field);
        return this;
    }

    // --- Renderings ---

    /** The row as one line of JSON. */
    public String json() {
        StringBuilder out = new StringBuilder("{");
        fields.forEach((name, value) -> {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append(quote(name)).append(':').append(value instanceof RawJson raw ? raw.text() : toJson(value));
        });
        return out.append('}').toString();
    }

    /** The row as UTF-8 bytes, as a Kafka record value or a file line holds it. */
    public byte[] bytes() {
        return json().getBytes(StandardCharsets.UTF_8);
    }

    /** The row as one record of a Streaming-API envelope, under {@code category}. */
    public String envelopeRecordJson(String category) {
        return "{\"time\":" + quote(String.valueOf(fields.get("Timestamp"))) + ",\"category\":" + quote(category)
                + ",\"operationName\":\"Publish\",\"properties\":" + json() + "}";
    }

    /** The event as {@link MdeJsonReader} delivers it (no raw bytes); needs valid Timestamp and RemoteIP. */
    public NetworkEvent toEvent() {
        byte[] bytes = bytes();
        String remoteIp = string("RemoteIP");
        IpAddresses.Parsed address = IpAddresses.parse(remoteIp);
        Object port = fields.get("RemotePort");
        return new NetworkEvent(Timestamps.parseNanos(string("Timestamp")), string("DeviceId"), string("DeviceName"),
                string("ActionType"), string("Protocol"), string("RemoteIPType"), remoteIp, address.ipv4(),
                address.kind(), port instanceof Number n ? n.intValue() : -1, string("RemoteUrl"),
                string("InitiatingProcessFileName"), string("InitiatingProcessMD5"), string("InitiatingProcessSHA256"),
                string("InitiatingProcessCommandLine"), string("InitiatingProcessFolderPath"), source,
                RawSlice.of(bytes));
    }

    /** The event as the filter passes it on (it need not pass the filter). */
    public Candidate toCandidate() {
        return Candidate.of(toEvent());
    }

    /** The timestamp in nanoseconds. */
    public long nanos() {
        return Timestamps.parseNanos(string("Timestamp"));
    }

    private String string(String field) {
        Object value = fields.get(field);
        return value == null ? null : value.toString();
    }

    // --- Envelopes ---

    /** A Streaming-API envelope: {@code {"records":[...]}}. */
    public static Envelope anEnvelope() {
        return new Envelope();
    }

    /** Builds {@code {"records":[...]}} from rows, other categories and raw record fragments, in order. */
    public static final class Envelope {
        private final List<String> records = new ArrayList<>();

        private Envelope() {
        }

        /** A DeviceNetworkEvents record. */
        public Envelope with(Events row) {
            return withCategory(NETWORK_CATEGORY, row);
        }

        /** A record of another (or the same) category. */
        public Envelope withCategory(String category, Events row) {
            records.add(row.envelopeRecordJson(category));
            return this;
        }

        /** A record given as raw JSON text (possibly hostile). */
        public Envelope withRaw(String recordJson) {
            records.add(recordJson);
            return this;
        }

        public String json() {
            return "{\"records\":[" + String.join(",", records) + "]}";
        }

        public byte[] bytes() {
            return json().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A JSON array of rows, as the Advanced Hunting API returns them. */
    public static byte[] rowArray(Events... rows) {
        List<String> parts = new ArrayList<>();
        for (Events row : rows) {
            parts.add(row.json());
        }
        return ("[" + String.join(",", parts) + "]").getBytes(StandardCharsets.UTF_8);
    }

    static String quote(String text) {
        return toJson(text);
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value, e);
        }
    }

    private record RawJson(String text) {
    }
}
