package org.rareegress.topology;

/**
 * Where the topology keeps its state. {@link #PERSISTENT} (RocksDB, changelogged) for every run
 * against Kafka; {@link #IN_MEMORY} for a file backtest, which has nothing to restore and no
 * broker to log to. The topology's shape and names are the same either way.
 */
public enum StoreKind {
    PERSISTENT,
    IN_MEMORY
}
