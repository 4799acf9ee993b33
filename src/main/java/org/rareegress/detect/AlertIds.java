package org.rareegress.detect;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Deterministic alert ids: a name-based UUID (version 5, SHA-1) over the alert type, the process
 * and the triggering event's content. Never the offset, file, partition or wall clock: the same
 * events give the same ids read as rows or envelopes, from a file or a topic, in any run.
 */
public final class AlertIds {
    /** A fixed namespace so our ids never collide with other name-based UUIDs. */
    private static final UUID NAMESPACE = UUID.fromString("6a1f0c7e-9b52-4d39-8f0e-5e2c1d4b7a90");
    private static final char SEPARATOR = '\u001f';

    private AlertIds() {
    }

    public static String of(AlertType type, String processKey, Candidate trigger) {
        StringBuilder name = new StringBuilder(256)
                .append(type.name()).append(SEPARATOR)
                .append(processKey).append(SEPARATOR)
                .append(trigger.timestampNanos()).append(SEPARATOR)
                .append(trigger.deviceId()).append(SEPARATOR)
                .append(trigger.deviceName()).append(SEPARATOR)
                .append(Integer.toUnsignedString(trigger.remoteIpv4())).append(SEPARATOR)
                .append(trigger.remotePort()).append(SEPARATOR)
                .append(trigger.processFileName()).append(SEPARATOR)
                .append(trigger.md5()).append(SEPARATOR)
                .append(trigger.sha256()).append(SEPARATOR)
                .append(trigger.commandLine()).append(SEPARATOR)
                .append(trigger.folderPath());
        return nameUuid(name.toString()).toString();
    }

    /** The id of the STORM alert of the storm window starting at {@code windowStart}, whose first suppressed process this is. */
    public static String ofStorm(long windowStart, String firstSuppressed) {
        return nameUuid(AlertType.STORM.name() + SEPARATOR + windowStart + SEPARATOR + firstSuppressed).toString();
    }

    /**
     * A name-based UUID (version 5) of {@code parts} in the same namespace: for other content-derived ids of
     * the output formats (an OCSF finding's episode, a process image on a device). The parts are joined with
     * a separator no name contains; callers prefix a kind so their ids never meet alert ids.
     */
    public static String nameBased(String... parts) {
        return nameUuid(String.join(String.valueOf(SEPARATOR), parts)).toString();
    }

    private static UUID nameUuid(String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
        sha1.update(toBytes(NAMESPACE));
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        long most = 0;
        long least = 0;
        for (int i = 0; i < 8; i++) {
            most = most << 8 | (hash[i] & 0xff);
            least = least << 8 | (hash[i + 8] & 0xff);
        }
        return new UUID(most, least);
    }

    private static byte[] toBytes(UUID uuid) {
        byte[] bytes = new byte[16];
        long most = uuid.getMostSignificantBits();
        long least = uuid.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (most >>> (56 - 8 * i));
            bytes[i + 8] = (byte) (least >>> (56 - 8 * i));
        }
        return bytes;
    }
}
