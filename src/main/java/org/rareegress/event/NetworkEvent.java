package org.rareegress.event;

/**
 * One network event in the shape of Defender's DeviceNetworkEvents, with only the fields the hunt
 * uses. Strings are null when the source did not have the field.
 *
 * @param timestampNanos  event time, nanoseconds since the epoch (MDE carries 100 ns ticks)
 * @param remoteIp        the RemoteIP text as read
 * @param remoteIpv4      the IPv4 address as a big-endian int when {@code remoteAddressKind} is IPv4 or mapped
 * @param remotePort      -1 when absent
 * @param raw             the event's raw bytes, for the dead-letter path; not part of its identity
 */
public record NetworkEvent(long timestampNanos, String deviceId, String deviceName, String actionType,
                           String protocol, String remoteIpType, String remoteIp, int remoteIpv4,
                           RemoteAddressKind remoteAddressKind, int remotePort, String remoteUrl,
                           String processFileName, String md5, String sha256, String commandLine,
                           String folderPath, SourceRef source, RawSlice raw) {

    public boolean hasIpv4() {
        return remoteAddressKind == RemoteAddressKind.IPV4 || remoteAddressKind == RemoteAddressKind.IPV4_MAPPED;
    }
}
