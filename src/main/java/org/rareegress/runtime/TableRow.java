package org.rareegress.runtime;

import java.util.Comparator;
import org.rareegress.detect.HuntRow;
import org.rareegress.detect.OutputJson;

/**
 * One hunt-table row as it is served: its JSON, kept as bytes (compact, and written out without
 * re-encoding), and the key that places it in the seed's order ({@link HuntRow#TABLE_ORDER}).
 */
record TableRow(Key key, byte[] json) {

    static TableRow of(HuntRow row) {
        return new TableRow(new Key(row.deviceCount(), row.process()), OutputJson.toBytes(row));
    }

    /** DeviceCount ascending, then the process name: the order of {@link HuntRow#TABLE_ORDER}. */
    record Key(int deviceCount, String process) implements Comparable<Key> {
        private static final Comparator<Key> ORDER = Comparator.comparingInt(Key::deviceCount).thenComparing(Key::process);

        @Override
        public int compareTo(Key other) {
            return ORDER.compare(this, other);
        }
    }
}
