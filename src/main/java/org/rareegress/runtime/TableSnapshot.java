package org.rareegress.runtime;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The hunt table, or one instance's part of it, as served over HTTP: rows in table order, built at one
 * instant from the stores of the stateful {@code partitions}, and why rows are missing when some are
 * ({@code truncation}, empty when the table is whole).
 */
record TableSnapshot(List<TableRow> rows, Set<Integer> partitions, Instant builtAt, String truncation) {

    boolean truncated() {
        return !truncation.isEmpty();
    }
}
