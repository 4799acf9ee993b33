package org.rareegress.topology;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rareegress.event.read.OrderedStore;

/** The {@value Names#SYSMON_PROCESS_STORE} seen by the Kafka-free readers: Bytes keys order as unsigned bytes. */
final class StoreBackedOrderedStore implements OrderedStore {
    private final KeyValueStore<Bytes, byte[]> store;

    StoreBackedOrderedStore(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    @Override
    public byte[] get(byte[] key) {
        return store.get(Bytes.wrap(key));
    }

    @Override
    public void put(byte[] key, byte[] value) {
        store.put(Bytes.wrap(key), value);
    }

    @Override
    public void delete(byte[] key) {
        store.delete(Bytes.wrap(key));
    }

    @Override
    public List<byte[]> keys(byte[] from, byte[] to, int limit) {
        List<byte[]> keys = new ArrayList<>();
        // range() includes its upper bound; the contract here excludes it.
        try (KeyValueIterator<Bytes, byte[]> range = store.range(Bytes.wrap(from), Bytes.wrap(to))) {
            while (range.hasNext() && keys.size() < limit) {
                byte[] key = range.next().key.get();
                if (Bytes.BYTES_LEXICO_COMPARATOR.compare(key, to) < 0) {
                    keys.add(key);
                }
            }
        }
        return keys;
    }
}
