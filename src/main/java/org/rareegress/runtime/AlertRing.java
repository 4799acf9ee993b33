package org.rareegress.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The newest alerts, numbered in the order they arrived, at most {@code maxAlerts} of them and at most
 * {@code maxBytes} of JSON (the newest is always kept): what {@code GET /recent-alerts?after=N} pages
 * through, so a client polling with the last number it saw gets each alert once.
 */
final class AlertRing {
    private final int maxAlerts;
    private final long maxBytes;
    private final Deque<Entry> entries = new ArrayDeque<>();
    private long bytes;
    private long last;

    /** One alert and its number (1 for the first this process read). */
    record Entry(long seq, byte[] json) {
    }

    /**
     * Alerts after the one asked for, oldest first; {@code next} is what to ask for next, and {@code missed}
     * says alerts between went out of the ring before they were asked for (or the numbering restarted).
     */
    record Page(List<Entry> entries, long next, boolean missed) {
    }

    AlertRing(int maxAlerts, long maxBytes) {
        this.maxAlerts = maxAlerts;
        this.maxBytes = maxBytes;
    }

    synchronized void add(byte[] json) {
        entries.addLast(new Entry(++last, json));
        bytes += json.length;
        while (entries.size() > maxAlerts || (bytes > maxBytes && entries.size() > 1)) {
            bytes -= entries.removeFirst().json().length;
        }
    }

    /** At most {@code limit} alerts numbered above {@code after}, oldest first. */
    synchronized Page after(long after, int limit) {
        long first = entries.isEmpty() ? last + 1 : entries.peekFirst().seq();
        boolean missed = after > last || (after < first - 1 && last > 0);
        long from = after > last ? 0 : after;
        List<Entry> page = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.seq() > from && page.size() < limit) {
                page.add(entry);
            }
        }
        long next = page.isEmpty() ? Math.max(from, first - 1) : page.get(page.size() - 1).seq();
        return new Page(page, next, missed);
    }
}
