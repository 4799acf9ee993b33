package org.rareegress.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rareegress.config.Settings;
import org.rareegress.config.SettingsLoader;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteOptions;

/**
 * Six stores written well past their share of {@code rocksdb.memory-bytes} (16 MiB): with the setter their
 * memtables are flushed once together they pass the write buffer manager's half, and are accounted in the
 * one shared cache; without it the same 48 MiB of writes all stay in memtables.
 */
class BoundedRocksDbMemoryTest {
    private static final long MIB = 1024 * 1024;
    private static final int STORES = 6;

    @TempDir
    Path dir;

    @Test
    void everyStoreSharesTheCacheAndTheWriteBufferManager() {
        try (RocksDbMemory memory = new RocksDbMemory(64 * MIB); Options options = new Options()) {
            options.setTableFormatConfig(new BlockBasedTableConfig());

            new BoundedRocksDbMemory().setConfig("process-prevalence-store", options,
                    Map.of(BoundedRocksDbMemory.MEMORY_CONFIG, memory));

            assertThat(options.writeBufferManager()).isSameAs(memory.writeBufferManager());
            BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
            assertThat(table.cacheIndexAndFilterBlocks()).as("index and filters inside the bound").isTrue();
            assertThat(table.cacheIndexAndFilterBlocksWithHighPriority()).isTrue();
        }
    }

    @Test
    void memtablesOfManyStoresStayWithinTheBudget() throws Exception {
        try (RocksDbMemory memory = new RocksDbMemory(16 * MIB)) {
            long held = writeSixStores(dir.resolve("bounded"), memory);

            // 8 MiB of memtables plus those being flushed (measured: 10 MiB); a loaded machine flushes later.
            assertThat(held).as("memtables of all stores").isLessThanOrEqualTo(24 * MIB);
            assertThat(memory.cache().getUsage()).as("accounted in the shared cache").isPositive()
                    .isLessThanOrEqualTo(24 * MIB);
        }
    }

    @Test
    void withoutTheSetterTheSameWritesHoldFarMore() throws Exception {
        long held = writeSixStores(dir.resolve("unbounded"), null);

        assertThat(held).as("48 MiB written, none flushed (measured: 54 MiB)").isGreaterThan(40 * MIB);
    }

    @Test
    void runAndReplayAreBoundedByDefaultUnlessTheOperatorChoseASetter() {
        Properties properties = new Properties();
        try (RocksDbMemory memory = RocksDbMemory.configure(properties, Settings.defaults())) {
            assertThat(memory.bytes()).isEqualTo(256 * MIB);
            assertThat(properties).containsEntry(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG,
                    BoundedRocksDbMemory.class.getName()).containsEntry(BoundedRocksDbMemory.MEMORY_CONFIG, memory);
        }
        Properties own = new Properties();
        own.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, "com.example.MySetter");
        assertThat(RocksDbMemory.configure(own, Settings.defaults())).isNull();
        Settings off = SettingsLoader.load(null, Map.of(), List.of("rocksdb.memory-bytes=0"));
        assertThat(RocksDbMemory.configure(new Properties(), off)).isNull();
    }

    @Test
    void namingTheSetterWithoutItsMemoryIsAClearError() {
        try (Options options = new Options()) {
            assertThatThrownBy(() -> new BoundedRocksDbMemory().setConfig("s", options, Map.of()))
                    .hasMessageContaining("rocksdb.memory-bytes");
        }
    }

    /** Writes 8 MiB of incompressible values into each of six stores and returns their memtables' size. */
    private static long writeSixStores(Path root, RocksDbMemory memory) throws Exception {
        RocksDB.loadLibrary();
        java.nio.file.Files.createDirectories(root);
        List<RocksDB> stores = new ArrayList<>();
        List<Options> options = new ArrayList<>();
        Random random = new Random(1);
        byte[] value = new byte[4096];
        try (WriteOptions noWal = new WriteOptions().setDisableWAL(true)) {
            for (int s = 0; s < STORES; s++) {
                Options each = new Options().setCreateIfMissing(true);
                each.setTableFormatConfig(new BlockBasedTableConfig());
                if (memory != null) {
                    new BoundedRocksDbMemory().setConfig("store-" + s, each, Map.of(BoundedRocksDbMemory.MEMORY_CONFIG, memory));
                }
                options.add(each);
                stores.add(RocksDB.open(each, root.resolve("store-" + s).toString()));
            }
            for (int i = 0; i < 8 * 256; i++) {
                for (RocksDB store : stores) {
                    random.nextBytes(value);
                    store.put(noWal, ("key-" + i).getBytes(), value);
                }
            }
            Thread.sleep(500);
            long held = 0;
            for (RocksDB store : stores) {
                held += store.getLongProperty("rocksdb.cur-size-all-mem-tables");
            }
            return held;
        } finally {
            stores.forEach(RocksDB::close);
            options.forEach(Options::close);
        }
    }
}
