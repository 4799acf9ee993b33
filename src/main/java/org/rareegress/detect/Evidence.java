package org.rareegress.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A capped set of values with the last time each was seen. When full, the least recently seen
 * value is evicted ("most recent win") and {@link #truncatedUntil} remembers the newest eviction,
 * so the set can say whether anything it dropped would still be inside the window.
 *
 * <p>Mutable on purpose: it lives inside one process's state, loaded, changed and stored per event.
 * Linear scans are right at these sizes (the cap defaults to 64).
 */
public final class Evidence<T> {
    private final ArrayList<T> values;
    private long[] lastSeen;
    private long truncatedUntil = Long.MIN_VALUE;

    public Evidence() {
        this.values = new ArrayList<>(2);
        this.lastSeen = new long[2];
    }

    public void add(T value, long seenAt, int cap) {
        int index = values.indexOf(value);
        if (index >= 0) {
            lastSeen[index] = Math.max(lastSeen[index], seenAt);
            return;
        }
        if (values.size() >= cap) {
            int oldest = indexOfOldest();
            if (lastSeen[oldest] > seenAt) {
                // The newcomer is older than everything kept: it is the one the cap cuts.
                truncatedUntil = Math.max(truncatedUntil, seenAt);
                return;
            }
            truncatedUntil = Math.max(truncatedUntil, lastSeen[oldest]);
            removeAt(oldest);
        }
        if (values.size() == lastSeen.length) {
            lastSeen = java.util.Arrays.copyOf(lastSeen, Math.max(4, lastSeen.length * 2));
        }
        lastSeen[values.size()] = seenAt;
        values.add(value);
    }

    /** Forgets every value last seen at or before {@code cutoff}; returns whether anything changed. */
    public boolean removeUpTo(long cutoff) {
        boolean changed = false;
        for (int i = values.size() - 1; i >= 0; i--) {
            if (lastSeen[i] <= cutoff) {
                removeAt(i);
                changed = true;
            }
        }
        if (truncatedUntil != Long.MIN_VALUE && truncatedUntil <= cutoff) {
            truncatedUntil = Long.MIN_VALUE;
            changed = true;
        }
        return changed;
    }

    /** Whether the cap cut a value that was seen after {@code windowStart} (exclusive). */
    public boolean truncatedSince(long windowStart) {
        return truncatedUntil > windowStart;
    }

    public int size() {
        return values.size();
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public boolean contains(T value) {
        return values.contains(value);
    }

    public T value(int index) {
        return values.get(index);
    }

    public long lastSeen(int index) {
        return lastSeen[index];
    }

    public long truncatedUntil() {
        return truncatedUntil;
    }

    /** The earliest time at which something here changes by expiry alone; MAX_VALUE when nothing can. */
    public long earliestLastSeen() {
        long earliest = truncatedUntil == Long.MIN_VALUE ? Long.MAX_VALUE : truncatedUntil;
        for (int i = 0; i < values.size(); i++) {
            earliest = Math.min(earliest, lastSeen[i]);
        }
        return earliest;
    }

    /** The most recently seen value (ties: the smallest by {@code order}); null when empty. */
    public T mostRecent(Comparator<? super T> order) {
        T best = null;
        long bestSeen = Long.MIN_VALUE;
        for (int i = 0; i < values.size(); i++) {
            T value = values.get(i);
            if (best == null || lastSeen[i] > bestSeen || (lastSeen[i] == bestSeen && order.compare(value, best) < 0)) {
                best = value;
                bestSeen = lastSeen[i];
            }
        }
        return best;
    }

    public List<T> sorted(Comparator<? super T> order) {
        List<T> copy = new ArrayList<>(values);
        copy.sort(order);
        return copy;
    }

    /** Restores an entry as stored, without cap checks. */
    public void restore(T value, long seenAt) {
        add(value, seenAt, Integer.MAX_VALUE);
    }

    public void restoreTruncatedUntil(long value) {
        truncatedUntil = value;
    }

    private int indexOfOldest() {
        int oldest = 0;
        for (int i = 1; i < values.size(); i++) {
            if (lastSeen[i] < lastSeen[oldest]) {
                oldest = i;
            }
        }
        return oldest;
    }

    private void removeAt(int index) {
        int last = values.size() - 1;
        System.arraycopy(lastSeen, index + 1, lastSeen, index, last - index);
        values.remove(index);
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Evidence<?> that) || that.values.size() != values.size() || that.truncatedUntil != truncatedUntil) {
            return false;
        }
        for (int i = 0; i < values.size(); i++) {
            int j = that.values.indexOf(values.get(i));
            if (j < 0 || that.lastSeen[j] != lastSeen[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(values.size(), truncatedUntil);
    }
}
