package org.rareegress.order;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rareegress.event.SourceRef;

/**
 * The sources of a backtest: one per input file, numbered in the order they are declared. Files are
 * declared before their first line is fed, so the stateful task waits for each from the start.
 * Confined to the backtest's one thread.
 */
public final class FileSources implements SourceCatalog {
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private long[] newestRead = new long[0];

    /** The id of {@code file}, declaring it if it is new. */
    public int declare(String file) {
        return ids.computeIfAbsent(file, name -> {
            names.add(name);
            newestRead = Arrays.copyOf(newestRead, names.size());
            newestRead[names.size() - 1] = Long.MIN_VALUE;
            return names.size() - 1;
        });
    }

    /** The newest Timestamp read from the file so far; MIN_VALUE before the first. */
    public long newestRead(int id) {
        return newestRead[id];
    }

    @Override
    public void onRead(int source, long timestampNanos) {
        if (timestampNanos > newestRead[source]) {
            newestRead[source] = timestampNanos;
        }
    }

    public String name(int id) {
        return names.get(id);
    }

    @Override
    public int count() {
        return names.size();
    }

    /**
     * The same sources seen by one reading task of a backtest, on a thread of its own: the files declared so
     * far, none added, and the newest Timestamp it read kept to itself ({@link Reader#newestRead()}).
     */
    public Reader reader() {
        return new Reader(Map.copyOf(ids), names.size());
    }

    /** A reading task's view of the sources: fixed, and confined to its thread. */
    public static final class Reader implements SourceCatalog {
        private final Map<String, Integer> ids;
        private final int count;
        private long newestRead = Long.MIN_VALUE;

        private Reader(Map<String, Integer> ids, int count) {
            this.ids = ids;
            this.count = count;
        }

        @Override
        public int count() {
            return count;
        }

        @Override
        public int sourceOf(SourceRef ref) {
            Integer id = ref.file() == null ? null : ids.get(ref.file());
            if (id == null) {
                throw new IllegalStateException("no source declared for " + ref);
            }
            return id;
        }

        @Override
        public void onRead(int source, long timestampNanos) {
            newestRead = Math.max(newestRead, timestampNanos);
        }

        /** The newest Timestamp this task has read; MIN_VALUE before the first. */
        public long newestRead() {
            return newestRead;
        }
    }

    @Override
    public int sourceOf(SourceRef ref) {
        return ref.file() == null ? 0 : declare(ref.file());
    }
}
