package org.rareegress.event.read;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import org.rareegress.event.IpAddresses;
import org.rareegress.event.NetworkEvent;
import org.rareegress.event.RawSlice;
import org.rareegress.event.SourceRef;
import org.rareegress.event.Timestamps;

/**
 * Turns the raw fields of one row into a {@link NetworkEvent}, or says precisely why it cannot.
 * Absent optional fields are fine (the filter drops what the hunt cannot use); present but
 * malformed values are errors, as are oversized strings that would bloat state.
 */
public final class EventValidator {
    static final int MAX_IDENTIFIER_LENGTH = 1024;
    /** Windows caps a command line at 32,767 characters. */
    static final int MAX_TEXT_LENGTH = 32_768;
    /**
     * What the per-process state keeps of a device: Defender's DeviceId is 40 hex characters and a
     * DeviceName a DNS name (at most 253). Both sit in the state up to N times, so they are bounded.
     */
    public static final int MAX_DEVICE_LENGTH = 256;
    /** A file name is one path component: at most 255 UTF-16 units on NTFS, 260 with room to spare. */
    public static final int MAX_FILE_NAME_LENGTH = 260;
    static final int MD5_HEX_LENGTH = 32;
    static final int SHA256_HEX_LENGTH = 64;

    private final Clock clock;
    private final long maxFutureSkewNanos;

    public EventValidator(Clock clock, Duration maxFutureSkew) {
        this.clock = clock;
        // Past about 292 years a skew is not representable in nanoseconds, and it means "any time" anyway.
        this.maxFutureSkewNanos = maxFutureSkew.compareTo(Duration.ofDays(100_000)) > 0
                ? Long.MAX_VALUE : maxFutureSkew.toNanos();
    }

    /**
     * @throws InvalidEventException naming the field and the problem
     */
    NetworkEvent validate(EventFields f, SourceRef source, RawSlice raw) {
        // Sentinel rows carry TimeGenerated (ingestion) besides, or instead of, Timestamp (the event's own time).
        String time = f.timestamp == null || f.timestamp.isEmpty() ? f.timeGenerated : f.timestamp;
        if (time == null || time.isEmpty()) {
            throw new InvalidEventException("Timestamp is missing");
        }
        long timestamp;
        try {
            timestamp = Timestamps.parseNanos(time);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException(e.getMessage());
        }
        if (timestamp > latestAllowed()) {
            throw new InvalidEventException("Timestamp " + time + " is further in the future than input.max-future-skew allows");
        }
        requirePresent("DeviceId", f.deviceId);
        requirePresent("ActionType", f.actionType);
        limit("DeviceId", f.deviceId, MAX_DEVICE_LENGTH);
        limit("DeviceName", f.deviceName, MAX_DEVICE_LENGTH);
        limit("ActionType", f.actionType, MAX_IDENTIFIER_LENGTH);
        limit("Protocol", f.protocol, MAX_IDENTIFIER_LENGTH);
        limit("RemoteIPType", f.remoteIpType, MAX_IDENTIFIER_LENGTH);
        limit("InitiatingProcessFileName", f.processFileName, MAX_FILE_NAME_LENGTH);
        // Names are state keys, shown in alerts and the web view and written to logs; a line break in one
        // would forge a log line. Windows file and host names cannot hold these, so only forged input has them.
        requireNoControlCharacter("InitiatingProcessFileName", f.processFileName);
        requireNoControlCharacter("DeviceId", f.deviceId);
        requireNoControlCharacter("DeviceName", f.deviceName);
        // Hashes are kept per process (evidence, alerted facts): only the real thing, or nothing.
        requireHexOrEmpty("InitiatingProcessMD5", f.md5, MD5_HEX_LENGTH);
        requireHexOrEmpty("InitiatingProcessSHA256", f.sha256, SHA256_HEX_LENGTH);
        limit("RemoteUrl", f.remoteUrl, MAX_TEXT_LENGTH);
        limit("InitiatingProcessCommandLine", f.commandLine, MAX_TEXT_LENGTH);
        limit("InitiatingProcessFolderPath", f.folderPath, MAX_TEXT_LENGTH);
        IpAddresses.Parsed address = address("RemoteIP", f.remoteIp);
        return new NetworkEvent(timestamp, f.deviceId, f.deviceName, f.actionType, f.protocol, f.remoteIpType,
                f.remoteIp, address.ipv4(), address.kind(), f.remotePort, f.remoteUrl, f.processFileName, f.md5,
                f.sha256, f.commandLine, f.folderPath, source, raw);
    }

    /** The newest event time accepted now: the clock plus input.max-future-skew. */
    long latestAllowed() {
        long now = Timestamps.toNanos(clock.instant());
        // Saturated: a skew of a few centuries would otherwise wrap around and reject every event.
        return maxFutureSkewNanos > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + maxFutureSkewNanos;
    }

    private static void requirePresent(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidEventException(field + " is missing");
        }
    }

    private static void limit(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new InvalidEventException(field + " is " + value.length() + " characters long (at most " + max + ")");
        }
    }

    /**
     * Rejects U+0000 to U+001F (line breaks, tabs, escape, NUL), which Windows does not allow in a file
     * name. DEL and the C1 controls are left alone: NTFS can hold them, so a real binary can be named
     * with one, and rejecting its events would hide it from the hunt.
     */
    private static void requireNoControlCharacter(String field, String value) {
        if (value == null) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20) {
                throw new InvalidEventException(field + " contains the control character U+"
                        + String.format(Locale.ROOT, "%04X", (int) c) + " at index " + i + " (no Windows name can hold one)");
            }
        }
    }

    private static void requireHexOrEmpty(String field, String value, int hexLength) {
        if (value == null || value.isEmpty()) {
            return;
        }
        boolean hex = value.length() == hexLength;
        for (int i = 0; hex && i < value.length(); i++) {
            char c = value.charAt(i);
            hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        }
        if (!hex) {
            String shown = value.length() <= 80 ? value : value.substring(0, 80) + "...";
            throw new InvalidEventException(field + " is not " + hexLength + " hexadecimal digits: '" + shown
                    + "' (" + value.length() + " characters)");
        }
    }

    /** A field-level problem with one event. */
    /** The address in {@code ip}; text that is no IP address makes the event invalid, naming {@code field}. */
    static IpAddresses.Parsed address(String field, String ip) {
        try {
            return IpAddresses.parse(ip);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException(field + " is not an IP address: '" + Timestamps.abbreviate(ip) + "'");
        }
    }

    static final class InvalidEventException extends RuntimeException {
        InvalidEventException(String reason) {
            super(reason, null, false, false);
        }
    }
}
