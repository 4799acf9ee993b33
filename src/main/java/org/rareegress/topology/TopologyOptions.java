package org.rareegress.topology;

import java.time.Duration;
import java.util.Map;
import org.rareegress.order.FileSources;
import org.rareegress.order.SourceCatalog;

/**
 * How a topology is built beyond {@link org.rareegress.config.Settings}.
 *
 * @param ignoreAfterNanos events with a later Timestamp are skipped (counted, not processed): a
 *                         backtest {@code --as-of T} replays history as it was known at T.
 *                         MAX_VALUE for every live run.
 * @param endOffsets       input partition to the first offset NOT to process: a replay stops at the
 *                         end offsets taken when it started, however the topic grows. Empty: no limit.
 * @param fileBatches      whether a record with the {@value Names#FILE_BATCH_HEADER} header is a backtest's
 *                         batch of file lines. Only a backtest feeds those; on a topic anyone can set any
 *                         header, and a forged one would make up file/line coordinates or a corrupt batch.
 * @param sources          the input's sources (partitions or files), which every stateful task waits for
 * @param backlog          whether a partition has anything left to read (a source is idle only when not)
 * @param idleTimeout      how long a caught-up source may deliver nothing before it stops holding the
 *                         watermark back; null for {@code input.idle-timeout}
 */
public record TopologyOptions(StoreKind storeKind, long ignoreAfterNanos, Map<Integer, Long> endOffsets,
                              boolean fileBatches, SourceCatalog sources, BacklogProbe backlog, Duration idleTimeout) {
    /**
     * A replay's sources end at its end offsets; one with nothing at all to read there (an empty
     * partition, or only transaction markers left) is seen as ended once caught up and quiet this long.
     */
    static final Duration REPLAY_QUIET = Duration.ofSeconds(1);

    /** A live run over an input topic of {@code partitions} partitions. */
    public static TopologyOptions live(int partitions, BacklogProbe backlog) {
        return new TopologyOptions(StoreKind.PERSISTENT, Long.MAX_VALUE, Map.of(), false,
                SourceCatalog.partitions(partitions), backlog, null);
    }

    /** A live run over one partition that a test driver feeds: nothing is ever left unread. */
    public static TopologyOptions live() {
        return live(1, BacklogProbe.CAUGHT_UP);
    }

    public static TopologyOptions backtest(long ignoreAfterNanos, SourceCatalog files) {
        return new TopologyOptions(StoreKind.IN_MEMORY, ignoreAfterNanos, Map.of(), true, files, BacklogProbe.CAUGHT_UP,
                null);
    }

    public static TopologyOptions backtest(long ignoreAfterNanos) {
        return backtest(ignoreAfterNanos, new FileSources());
    }

    /** A replay of every partition of its input up to {@code endOffsets} (one entry per partition). */
    public static TopologyOptions replay(Map<Integer, Long> endOffsets, BacklogProbe backlog) {
        return new TopologyOptions(StoreKind.PERSISTENT, Long.MAX_VALUE, Map.copyOf(endOffsets), false,
                SourceCatalog.partitions(endOffsets.size()), backlog, REPLAY_QUIET);
    }

    /** The same with other stores: {@code bench} sizes the live stores (RocksDB) through a backtest. */
    public TopologyOptions withStores(StoreKind stores) {
        return new TopologyOptions(stores, ignoreAfterNanos, endOffsets, fileBatches, sources, backlog, idleTimeout);
    }

    /** The idle timeout in effect with these settings. */
    Duration idleTimeout(Duration configured) {
        return idleTimeout == null ? configured : idleTimeout;
    }
}
