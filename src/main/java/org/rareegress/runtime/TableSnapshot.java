package org.rareegress.runtime;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The hunt table, or one instance's part of it, as served over HTTP: rows in table order, built at one
 * instant from the stores of the stateful {@code partitions}, why rows are missing when some are
 * ({@code truncation}, empty when the table is whole), and why it was read from standby or restoring
 * stores when it was ({@code stale}, empty when every row comes from an up-to-date active store).
 */
record TableSnapshot(List<TableRow> rows, Set<Integer> partitions, Instant builtAt, String truncation, String stale) {

    TableSnapshot(List<TableRow> rows, Set<Integer> partitions, Instant builtAt, String truncation) {
        this(rows, partitions, builtAt, truncation, "");
    }

    boolean truncated() {
        return !truncation.isEmpty();
    }

    boolean isStale() {
        return !stale.isEmpty();
    }

    /** The same rows, marked as read from stale stores, and why. */
    TableSnapshot markedStale(String reason) {
        return new TableSnapshot(rows, partitions, builtAt, truncation, reason);
    }
}
