package org.rareegress.runtime;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * Rows gathered for a snapshot, in table order, holding at most {@code maxBytes} of JSON: past that the
 * last rows in order are dropped, so the snapshot is always the table's beginning and never bigger than
 * its budget, however many rows the stores and the other instances offer. Safe for several readers.
 */
final class BoundedRows {
    private final long maxBytes;
    private final TreeMap<TableRow.Key, byte[]> rows = new TreeMap<>();
    private long bytes;
    private long dropped;

    BoundedRows(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    synchronized void add(TableRow row) {
        byte[] json = row.json();
        if (bytes + json.length > maxBytes && (rows.isEmpty() || row.key().compareTo(rows.lastKey()) > 0)) {
            dropped++;
            return;
        }
        byte[] replaced = rows.put(row.key(), json);
        bytes += json.length - (replaced == null ? 0 : replaced.length);
        while (bytes > maxBytes) {
            Map.Entry<TableRow.Key, byte[]> last = rows.pollLastEntry();
            bytes -= last.getValue().length;
            dropped++;
        }
    }

    /** Drops every row after {@code key}: a source that stopped there may have had more before the others' next rows. */
    synchronized void dropAfter(TableRow.Key key) {
        NavigableMap<TableRow.Key, byte[]> tail = rows.tailMap(key, false);
        for (byte[] json : tail.values()) {
            bytes -= json.length;
            dropped++;
        }
        tail.clear();
    }

    synchronized long dropped() {
        return dropped;
    }

    synchronized TableSnapshot snapshot(Set<Integer> partitions, Instant builtAt, String truncation) {
        ArrayList<TableRow> list = new ArrayList<>(rows.size());
        rows.forEach((key, json) -> list.add(new TableRow(key, json)));
        return new TableSnapshot(Collections.unmodifiableList(list), Set.copyOf(partitions), builtAt, truncation);
    }
}
