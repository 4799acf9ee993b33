package org.rareegress.order;

import java.util.Arrays;

/** A binary min-heap of primitive longs: 8 bytes an element, no boxing. */
public final class LongMinHeap {
    private long[] values = new long[64];
    private int size;

    public void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        int child = size++;
        while (child > 0) {
            int parent = (child - 1) >>> 1;
            if (values[parent] <= value) {
                break;
            }
            values[child] = values[parent];
            child = parent;
        }
        values[child] = value;
    }

    /** The smallest value; MAX_VALUE when empty. */
    public long min() {
        return size == 0 ? Long.MAX_VALUE : values[0];
    }

    /** Removes the smallest value. */
    public void removeMin() {
        if (size == 0) {
            throw new IllegalStateException("empty heap");
        }
        long last = values[--size];
        int parent = 0;
        while (true) {
            int child = 2 * parent + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && values[child + 1] < values[child]) {
                child++;
            }
            if (values[child] >= last) {
                break;
            }
            values[parent] = values[child];
            parent = child;
        }
        if (size > 0) {
            values[parent] = last;
        }
        if (values.length > 64 && size < values.length / 4) {
            values = Arrays.copyOf(values, values.length / 2);
        }
    }

    public int size() {
        return size;
    }
}
