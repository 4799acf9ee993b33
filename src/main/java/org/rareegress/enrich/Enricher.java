package org.rareegress.enrich;

import org.rareegress.detect.Alert;
import org.rareegress.detect.GeoInfo;
import org.rareegress.detect.HuntRow;

/**
 * Adds what is known about an address to alerts and table rows (never to every event: lookups
 * happen per output). Implementations are thread-safe: all stream threads share one.
 */
public interface Enricher extends AutoCloseable {

    /** Everything known about a dotted-quad IPv4 address; {@link GeoInfo#NONE} when nothing is. */
    GeoInfo lookup(String ipv4);

    /** The alert with what is known of its sample remote address; as it is when it has none. */
    default Alert enrich(Alert alert) {
        String ip = alert.facts().sampleRemoteIp();
        return ip == null ? alert : alert.withGeo(lookup(ip));
    }

    /** The table row with what is known of its sample remote address; as it is when it has none. */
    default HuntRow enrich(HuntRow row) {
        String ip = row.sampleRemoteIp();
        return ip == null ? row : row.withGeo(lookup(ip));
    }

    @Override
    default void close() {
    }

    /** No database configured: every lookup is empty. */
    static Enricher none() {
        return ip -> GeoInfo.NONE;
    }
}
