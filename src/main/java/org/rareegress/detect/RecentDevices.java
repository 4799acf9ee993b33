package org.rareegress.detect;

import java.util.Arrays;

/**
 * The {@code N} most recently seen distinct devices of one process, newest first, with each
 * device's last-seen time and name. Keeping only these decides "fewer than N devices in the
 * window" exactly: if at least N devices are in the window, the N newest are among them; if fewer
 * are, they are all among the N newest. State stays O(N) however many devices run the process.
 */
public final class RecentDevices {
    private final int capacity;
    private final String[] ids;
    private final String[] names;
    private final long[] lastSeen;
    private int size;

    public RecentDevices(int capacity) {
        this.capacity = capacity;
        this.ids = new String[capacity];
        this.names = new String[capacity];
        this.lastSeen = new long[capacity];
    }

    /**
     * Records that {@code deviceId} was seen at {@code seenAt}. A device older than all N kept ones
     * is not kept: it can never be among the N newest again without a newer event.
     *
     * @return whether the device is among the N newest afterwards
     */
    public boolean observe(String deviceId, String deviceName, long seenAt) {
        int index = indexOf(deviceId);
        if (index >= 0) {
            if (seenAt >= lastSeen[index]) {
                lastSeen[index] = seenAt;
                if (deviceName != null) {
                    names[index] = deviceName;
                }
                bubbleUp(index);
            }
            return true;
        }
        if (size == capacity) {
            if (seenAt <= lastSeen[size - 1]) {
                return false;
            }
            size--;
        }
        ids[size] = deviceId;
        names[size] = deviceName;
        lastSeen[size] = seenAt;
        size++;
        bubbleUp(size - 1);
        return true;
    }

    /** Forgets devices last seen at or before {@code cutoff}; returns whether any went. */
    public boolean removeUpTo(long cutoff) {
        int kept = size;
        while (kept > 0 && lastSeen[kept - 1] <= cutoff) {
            kept--;
        }
        if (kept == size) {
            return false;
        }
        Arrays.fill(ids, kept, size, null);
        Arrays.fill(names, kept, size, null);
        size = kept;
        return true;
    }

    public int size() {
        return size;
    }

    public boolean isFull() {
        return size == capacity;
    }

    public String id(int index) {
        return ids[index];
    }

    public String name(int index) {
        return names[index];
    }

    public long lastSeen(int index) {
        return lastSeen[index];
    }

    /** The last-seen time of the oldest kept device; MAX_VALUE when none. */
    public long oldestLastSeen() {
        return size == 0 ? Long.MAX_VALUE : lastSeen[size - 1];
    }

    public long newestLastSeen() {
        return size == 0 ? Long.MIN_VALUE : lastSeen[0];
    }

    public boolean contains(String deviceId) {
        return indexOf(deviceId) >= 0;
    }

    public int capacity() {
        return capacity;
    }

    private int indexOf(String deviceId) {
        for (int i = 0; i < size; i++) {
            if (ids[i].equals(deviceId)) {
                return i;
            }
        }
        return -1;
    }

    /** Moves the entry at {@code index} towards the front while it is newer than its neighbour (ties: by id). */
    private void bubbleUp(int index) {
        int i = index;
        while (i > 0 && newer(i, i - 1)) {
            swap(i, i - 1);
            i--;
        }
    }

    private boolean newer(int a, int b) {
        return lastSeen[a] > lastSeen[b] || (lastSeen[a] == lastSeen[b] && ids[a].compareTo(ids[b]) < 0);
    }

    private void swap(int a, int b) {
        String id = ids[a];
        ids[a] = ids[b];
        ids[b] = id;
        String name = names[a];
        names[a] = names[b];
        names[b] = name;
        long seen = lastSeen[a];
        lastSeen[a] = lastSeen[b];
        lastSeen[b] = seen;
    }
}
