package org.rareegress.runtime;

import java.util.List;

/**
 * One page of a table snapshot, as {@code ?offset=&limit=} asks: at most {@code limit} rows and at most
 * {@link #MAX_BYTES} of them (but always one, if there is one), so that the cost of an answer is bounded
 * whatever the table's size. The next page starts at {@link #nextOffset()}, which may be less than
 * {@code offset + limit} when the byte bound ended this one.
 */
record TablePage(List<TableRow> rows, int offset, int total) {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final long MAX_BYTES = 4L * 1024 * 1024;
    /** {@code ?dimension=all}: the rows of every dimension. */
    static final String ALL_DIMENSIONS = "all";

    static TablePage of(TableSnapshot snapshot, int offset, int limit) {
        return of(snapshot, ALL_DIMENSIONS, offset, limit);
    }

    /**
     * A page of the rows of {@code dimension} ({@link #ALL_DIMENSIONS} for every row). Offsets count the rows of
     * that dimension only, in the snapshot's (total) order, so consecutive pages of one snapshot neither skip nor
     * repeat a row.
     */
    static TablePage of(TableSnapshot snapshot, String dimension, int offset, int limit) {
        List<TableRow> all = ALL_DIMENSIONS.equals(dimension) ? snapshot.rows()
                : snapshot.rows().stream().filter(row -> row.inDimension(dimension)).toList();
        int from = Math.min(offset, all.size());
        int to = from;
        long bytes = 0;
        while (to < all.size() && to - from < limit && (to == from || bytes + all.get(to).json().length <= MAX_BYTES)) {
            bytes += all.get(to).json().length;
            to++;
        }
        return new TablePage(all.subList(from, to), offset, all.size());
    }

    int nextOffset() {
        return offset + rows.size();
    }

    boolean hasMore() {
        return nextOffset() < total;
    }
}
