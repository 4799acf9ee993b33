package org.rareegress.topology;

import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A state store as a plain sorted map, for the topology's processors driven directly ({@link DirectPipeline}):
 * no changelog, no cache, no metrics. Iterators step through the live map one key at a time, so the
 * processors may change the store while they iterate (as they may with Kafka Streams' own stores).
 */
final class MapStore<K extends Comparable<K>, V> implements KeyValueStore<K, V> {
    private final String name;
    private final NavigableMap<K, V> map = new TreeMap<>();

    MapStore(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
    }

    @Override
    public void close() {
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public V get(K key) {
        return map.get(key);
    }

    @Override
    public void put(K key, V value) {
        if (value == null) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
    }

    @Override
    public V putIfAbsent(K key, V value) {
        V existing = map.get(key);
        if (existing == null) {
            put(key, value);
        }
        return existing;
    }

    @Override
    public void putAll(List<KeyValue<K, V>> entries) {
        entries.forEach(entry -> put(entry.key, entry.value));
    }

    @Override
    public V delete(K key) {
        return map.remove(key);
    }

    /** From {@code from} to {@code to}, both included, as Kafka Streams' stores do. */
    @Override
    public KeyValueIterator<K, V> range(K from, K to) {
        return new Stepping(from, to);
    }

    @Override
    public KeyValueIterator<K, V> all() {
        return new Stepping(null, null);
    }

    @Override
    public long approximateNumEntries() {
        return map.size();
    }

    /** Each step asks the map for the next key: no snapshot to copy, no iterator for a change to break. */
    private final class Stepping implements KeyValueIterator<K, V> {
        private final K to;
        private Map.Entry<K, V> next;

        Stepping(K from, K to) {
            this.to = to;
            this.next = bounded(from == null ? map.firstEntry() : map.ceilingEntry(from));
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public KeyValue<K, V> next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            Map.Entry<K, V> current = next;
            next = bounded(map.higherEntry(current.getKey()));
            return KeyValue.pair(current.getKey(), current.getValue());
        }

        @Override
        public K peekNextKey() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            return next.getKey();
        }

        @Override
        public void close() {
        }

        private Map.Entry<K, V> bounded(Map.Entry<K, V> entry) {
            return entry == null || (to != null && entry.getKey().compareTo(to) > 0) ? null : entry;
        }
    }
}
