package org.rareegress.runtime;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;

/**
 * Kafka Streams' {@code rocksdb.config.setter} for {@code rocksdb.memory-bytes}: puts every store of the
 * client on the client's shared {@link RocksDbMemory}. Index and filter blocks live in the cache too (by
 * default RocksDB keeps them outside any bound), at high priority, with the top level pinned. Kafka Streams
 * makes one instance per store and hands it the client's configuration, which carries the shared memory.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {
    /** The client's {@link RocksDbMemory}, an object in the Streams configuration (never a string). */
    static final String MEMORY_CONFIG = "rare-egress.rocksdb.memory";

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        if (!(configs.get(MEMORY_CONFIG) instanceof RocksDbMemory memory)) {
            throw new IllegalStateException(BoundedRocksDbMemory.class.getName() + " is set as rocksdb.config.setter"
                    + " without its shared memory: set rocksdb.memory-bytes instead of naming this class");
        }
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(memory.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(memory.writeBufferManager());
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write buffer manager are shared by every store: the client's owner closes them.
    }
}
