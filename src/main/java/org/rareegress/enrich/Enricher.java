package org.rareegress.enrich;

import org.rareegress.detect.GeoInfo;

/**
 * Adds what is known about an address to alerts and table rows (never to every event: lookups
 * happen per output). Implementations are thread-safe: all stream threads share one.
 */
public interface Enricher extends AutoCloseable {

    /** Everything known about a dotted-quad IPv4 address; {@link GeoInfo#NONE} when nothing is. */
    GeoInfo lookup(String ipv4);

    @Override
    default void close() {
    }

    /** No database configured: every lookup is empty. */
    static Enricher none() {
        return ip -> GeoInfo.NONE;
    }
}
