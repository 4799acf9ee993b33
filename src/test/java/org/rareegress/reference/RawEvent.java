package org.rareegress.reference;

/**
 * One generated DeviceNetworkEvents row, as plain fields. The reference model reads these; the
 * detector reads their JSON ({@link #toJson()}).
 */
public record RawEvent(long timestampNanos, String timestampText, String deviceId, String deviceName, String actionType,
                       String protocol, String remoteIpType, String remoteIp, int remotePort, String remoteUrl,
                       String processFileName, String md5, String sha256, String commandLine, String folderPath) {

    /** An event every default filter clause keeps: a successful TCP connection of {@code process} to a public IP on 4444. */
    public static RawEvent kept(long timestampNanos, String process, String deviceId) {
        return new RawEvent(timestampNanos, org.rareegress.event.Timestamps.format(timestampNanos), deviceId,
                deviceId + ".corp.example", "ConnectionSuccess", "Tcp", "Public", "81.2.69.160", 4444, null, process,
                null, null, process + " --stay", "C:\\Tools\\" + process);
    }

    public String toJson() {
        StringBuilder json = new StringBuilder(512).append('{');
        field(json, "Timestamp", timestampText);
        field(json, "DeviceId", deviceId);
        field(json, "DeviceName", deviceName);
        field(json, "ActionType", actionType);
        field(json, "Protocol", protocol);
        field(json, "RemoteIPType", remoteIpType);
        field(json, "RemoteIP", remoteIp);
        json.append("\"RemotePort\":").append(remotePort).append(',');
        field(json, "RemoteUrl", remoteUrl);
        field(json, "InitiatingProcessFileName", processFileName);
        field(json, "InitiatingProcessMD5", md5);
        field(json, "InitiatingProcessSHA256", sha256);
        field(json, "InitiatingProcessCommandLine", commandLine);
        field(json, "InitiatingProcessFolderPath", folderPath);
        json.append("\"LocalIP\":\"10.0.0.5\",\"LocalPort\":51234}");
        return json.toString();
    }

    /** The same row inside a Defender Streaming-API envelope record. */
    public String toEnvelopeRecord() {
        return "{\"time\":\"" + timestampText + "\",\"category\":\"AdvancedHunting-DeviceNetworkEvents\","
                + "\"operationName\":\"Publish\",\"properties\":" + toJson() + "}";
    }

    private static void field(StringBuilder json, String name, String value) {
        json.append('"').append(name).append("\":");
        if (value == null) {
            json.append("null,");
            return;
        }
        json.append('"');
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\');
            }
            json.append(c);
        }
        json.append("\",");
    }
}
