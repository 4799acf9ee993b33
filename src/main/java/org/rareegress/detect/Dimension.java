package org.rareegress.detect;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What rarity is counted for ({@code detector.dimensions}). {@link #PROCESS} is the seed: distinct devices
 * per process name. Each other dimension refines the process by one field of the event and counts distinct
 * devices per (process, value), judged only while the process itself is prevalent (docs/dimensions.md).
 */
public enum Dimension {
    PROCESS("process"),
    /** (process, RemotePort): a port few devices use with a program every device runs. */
    PROCESS_PORT("process-port"),
    /** (process, SHA256, else MD5): a binary few devices run under a common name (masquerading). */
    PROCESS_HASH("process-hash"),
    /** (process, remote AS number): a network few devices reach with this program; needs geoip.asn-database. */
    PROCESS_ASN("process-asn");

    private final String key;

    Dimension(String key) {
        this.key = key;
    }

    /** The name in settings, in the {@code Dimension} field of alerts and rows, and in {@code ?dimension=}. */
    public String key() {
        return key;
    }

    public static Optional<Dimension> byKey(String key) {
        return Arrays.stream(values()).filter(d -> d.key.equals(key)).findFirst();
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(Dimension::key).toList();
    }

    /**
     * The refined value of {@code event} in this dimension, as the text that keys it; null when the event has
     * none (no hash, an address no ASN database entry covers): such an event counts for its process only.
     */
    public String valueOf(Candidate event, AsnLookup asns) {
        return switch (this) {
            case PROCESS -> null;
            case PROCESS_PORT -> Integer.toString(event.remotePort());
            // SHA256 and MD5 are hex of different lengths, so the two kinds of key never meet. Lower-cased:
            // sources differ in the case they write hex in, and one binary must be one value.
            case PROCESS_HASH -> event.sha256() != null ? event.sha256().toLowerCase(java.util.Locale.ROOT)
                    : event.md5() == null ? null : event.md5().toLowerCase(java.util.Locale.ROOT);
            case PROCESS_ASN -> {
                Long asn = asns.asn(event.remoteIpv4());
                yield asn == null ? null : Long.toString(asn);
            }
        };
    }

    /** The remote AS number of an IPv4 address (big-endian int), or null when unknown. */
    @FunctionalInterface
    public interface AsnLookup {
        AsnLookup NONE = ipv4 -> null;

        Long asn(int ipv4);
    }
}
