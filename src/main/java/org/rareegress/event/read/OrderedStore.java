package org.rareegress.event.read;

import java.util.List;

/**
 * The few operations of an ordered, byte-keyed store that {@link ProcessCreationTable} needs: a Kafka
 * {@code KeyValueStore<Bytes, byte[]>} in the topology, a sorted map in memory. Keys compare as
 * unsigned bytes, lexicographically.
 */
public interface OrderedStore {

    byte[] get(byte[] key);

    void put(byte[] key, byte[] value);

    void delete(byte[] key);

    /** At most {@code limit} keys in {@code [from, to)}, in order. */
    List<byte[]> keys(byte[] from, byte[] to, int limit);
}
