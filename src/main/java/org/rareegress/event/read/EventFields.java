package org.rareegress.event.read;

/**
 * The DeviceNetworkEvents fields of one row as they are being read, before validation. Mutable
 * and reused across rows by one reader: readers run on one thread.
 */
final class EventFields {
    String timestamp;
    String deviceId;
    String deviceName;
    String actionType;
    String protocol;
    String remoteIpType;
    String remoteIp;
    int remotePort = -1;
    String remoteUrl;
    String processFileName;
    String md5;
    String sha256;
    String commandLine;
    String folderPath;
    /** Sentinel / Log Analytics: the ingestion time, used when Timestamp is absent. */
    String timeGenerated;
    /** Sentinel / Log Analytics: the table ({@code Type}); rows of other tables are skipped. */
    String table;

    void clear() {
        timestamp = null;
        deviceId = null;
        deviceName = null;
        actionType = null;
        protocol = null;
        remoteIpType = null;
        remoteIp = null;
        remotePort = -1;
        remoteUrl = null;
        processFileName = null;
        md5 = null;
        sha256 = null;
        commandLine = null;
        folderPath = null;
        timeGenerated = null;
        table = null;
    }

    /** Sets the text field numbered as {@link ScannedRow}'s constants. */
    void set(int field, String value) {
        switch (field) {
            case ScannedRow.TIMESTAMP -> timestamp = value;
            case ScannedRow.DEVICE_ID -> deviceId = value;
            case ScannedRow.DEVICE_NAME -> deviceName = value;
            case ScannedRow.ACTION_TYPE -> actionType = value;
            case ScannedRow.PROTOCOL -> protocol = value;
            case ScannedRow.REMOTE_IP_TYPE -> remoteIpType = value;
            case ScannedRow.REMOTE_IP -> remoteIp = value;
            case ScannedRow.REMOTE_URL -> remoteUrl = value;
            case ScannedRow.PROCESS_FILE_NAME -> processFileName = value;
            case ScannedRow.MD5 -> md5 = value;
            case ScannedRow.SHA256 -> sha256 = value;
            case ScannedRow.COMMAND_LINE -> commandLine = value;
            case ScannedRow.FOLDER_PATH -> folderPath = value;
            case ScannedRow.TIME_GENERATED -> timeGenerated = value;
            case ScannedRow.TABLE -> table = value;
            default -> throw new IllegalStateException("no text field " + field);
        }
    }
}
