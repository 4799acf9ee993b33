package org.rareegress.topology;

import java.util.Map;

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
 */
public record TopologyOptions(StoreKind storeKind, long ignoreAfterNanos, Map<Integer, Long> endOffsets,
                              boolean fileBatches) {

    public static TopologyOptions live() {
        return new TopologyOptions(StoreKind.PERSISTENT, Long.MAX_VALUE, Map.of(), false);
    }

    public static TopologyOptions backtest(long ignoreAfterNanos) {
        return new TopologyOptions(StoreKind.IN_MEMORY, ignoreAfterNanos, Map.of(), true);
    }

    public static TopologyOptions replay(Map<Integer, Long> endOffsets) {
        return new TopologyOptions(StoreKind.PERSISTENT, Long.MAX_VALUE, Map.copyOf(endOffsets), false);
    }
}
