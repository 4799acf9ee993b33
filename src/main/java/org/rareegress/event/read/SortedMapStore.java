package org.rareegress.event.read;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/** An {@link OrderedStore} in memory: for readers used outside a topology, and for tests. */
public final class SortedMapStore implements OrderedStore {
    private final TreeMap<byte[], byte[]> map = new TreeMap<>(Arrays::compareUnsigned);

    @Override
    public byte[] get(byte[] key) {
        return map.get(key);
    }

    @Override
    public void put(byte[] key, byte[] value) {
        map.put(key, value);
    }

    @Override
    public void delete(byte[] key) {
        map.remove(key);
    }

    @Override
    public List<byte[]> keys(byte[] from, byte[] to, int limit) {
        List<byte[]> keys = new ArrayList<>();
        for (byte[] key : map.subMap(from, true, to, false).keySet()) {
            if (keys.size() == limit) {
                break;
            }
            keys.add(key);
        }
        return keys;
    }

    public int size() {
        return map.size();
    }

    /** The bytes of every key and value held. */
    public long bytes() {
        long bytes = 0;
        for (var entry : map.entrySet()) {
            bytes += entry.getKey().length + entry.getValue().length;
        }
        return bytes;
    }
}
