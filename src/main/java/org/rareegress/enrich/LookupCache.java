package org.rareegress.enrich;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rareegress.detect.GeoInfo;

/**
 * The answers one database file gave, by IPv4 address, least recently used dropped first. It lives and
 * dies with its reader, so a reload can never serve an answer from the file it replaced.
 *
 * <p>Why cache answers at all when the reader has its own node cache: a hunt-table row is re-emitted on
 * every change of its rare process and {@code GET /rare-processes} re-enriches every row, so the same
 * sample addresses come back again and again; a hit here skips the tree walk and the response objects.
 */
final class LookupCache {
    private final Map<Integer, GeoInfo> answers;

    LookupCache(int capacity) {
        // Access order makes it an LRU; lookups run per alert or row, so one lock is no contention.
        this.answers = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, GeoInfo> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The cached answer, or null. */
    synchronized GeoInfo get(int ipv4) {
        return answers.get(ipv4);
    }

    synchronized void put(int ipv4, GeoInfo answer) {
        answers.put(ipv4, answer);
    }

    synchronized int size() {
        return answers.size();
    }
}
