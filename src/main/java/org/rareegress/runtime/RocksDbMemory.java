package org.rareegress.runtime;

import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.rareegress.config.Settings;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RocksDB memory of one Kafka Streams client ({@code rocksdb.memory-bytes}): one block cache that every
 * store of the client shares, and a write buffer manager that accounts every memtable in that cache and
 * flushes when they pass half of it. So the client's RocksDB memory is one number, however many tasks and
 * standbys it holds. {@link BoundedRocksDbMemory} hands it to each store; it is closed after the client.
 */
public final class RocksDbMemory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RocksDbMemory.class);
    /** Index and filter blocks go to the high-priority part: evicting them would cost a disk read per lookup. */
    private static final double HIGH_PRIORITY_SHARE = 0.1;

    private final long bytes;
    private final Cache cache;
    private final WriteBufferManager writeBufferManager;

    RocksDbMemory(long bytes) {
        RocksDB.loadLibrary();
        this.bytes = bytes;
        // Not strict: a read that needs a block while the cache is full still succeeds, briefly over the bound.
        this.cache = new LRUCache(bytes, -1, false, HIGH_PRIORITY_SHARE);
        // No stall: writers are never blocked; memtables past their share are flushed instead.
        this.writeBufferManager = new WriteBufferManager(bytes / 2, cache, false);
    }

    /**
     * Bounds the RocksDB memory of the client these properties configure, unless {@code rocksdb.memory-bytes}
     * is 0 or the operator chose a setter of their own ({@code kafka.rocksdb.config.setter}).
     *
     * @return the memory to close after the client, or null when none is bounded here
     */
    public static RocksDbMemory configure(Properties properties, Settings settings) {
        if (settings.rocksDbMemoryBytes() == 0) {
            return null;
        }
        if (properties.containsKey(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)) {
            LOG.warn("kafka.rocksdb.config.setter is set ({}): rocksdb.memory-bytes is not applied",
                    properties.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG));
            return null;
        }
        RocksDbMemory memory = new RocksDbMemory(settings.rocksDbMemoryBytes());
        properties.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class.getName());
        properties.put(BoundedRocksDbMemory.MEMORY_CONFIG, memory);
        return memory;
    }

    long bytes() {
        return bytes;
    }

    Cache cache() {
        return cache;
    }

    WriteBufferManager writeBufferManager() {
        return writeBufferManager;
    }

    @Override
    public void close() {
        writeBufferManager.close();
        cache.close();
    }
}
