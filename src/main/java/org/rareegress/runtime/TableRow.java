package org.rareegress.runtime;

import java.util.Comparator;
import org.rareegress.codec.OutputJson;
import org.rareegress.detect.HuntRow;

/**
 * One hunt-table row as it is served: its JSON, kept as bytes (compact, and written out without
 * re-encoding), and the key that places it in the seed's order ({@link HuntRow#TABLE_ORDER}).
 */
record TableRow(Key key, byte[] json) {

    static TableRow of(HuntRow row) {
        return new TableRow(new Key(row.deviceCount(), row.process(), row.dimension(), row.refinedValue()),
                OutputJson.toBytes(row));
    }

    /** Whether the row belongs to {@code dimension} ({@code process} for the seed's rows). */
    boolean inDimension(String dimension) {
        return dimension.equals(key.dimension() == null ? "process" : key.dimension());
    }

    /**
     * DeviceCount ascending, then the process name, then (rows of refined dimensions, docs/dimensions.md) the
     * dimension and the refined key, the seed's rows first: the order of {@link HuntRow#TABLE_ORDER}, and a
     * total one. A process row, each (dimension, value) row and a not-informative row ({@code refinedValue}
     * null) of one program each have their own key, so none replaces another in a snapshot and paging by
     * offset neither skips nor repeats a row.
     */
    record Key(int deviceCount, String process, String dimension, String refinedValue) implements Comparable<Key> {
        private static final Comparator<String> NULLS_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());
        private static final Comparator<Key> ORDER = Comparator.comparingInt(Key::deviceCount)
                .thenComparing(Key::process).thenComparing(Key::dimension, NULLS_FIRST)
                .thenComparing(Key::refinedValue, NULLS_FIRST);
        /** Before every row: dropping after it drops them all. */
        static final Key FIRST = new Key(Integer.MIN_VALUE, "", null, null);

        /** The key of a process row (the seed's dimension). */
        Key(int deviceCount, String process) {
            this(deviceCount, process, null, null);
        }

        @Override
        public int compareTo(Key other) {
            return ORDER.compare(this, other);
        }
    }
}
