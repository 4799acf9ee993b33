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
}
