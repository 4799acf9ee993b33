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
 */
public record TopologyOptions(StoreKind storeKind, long ignoreAfterNanos, Map<Integer, Long> endOffsets) {

    public static TopologyOptions live() {
        return new TopologyOptions(StoreKind.PERSISTENT, Long.MAX_VALUE, Map.of());
    }

    public static TopologyOptions backtest(long ignoreAfterNanos) {
        return new TopologyOptions(StoreKind.IN_MEMORY, ignoreAfterNanos, Map.of());
    }

    public static TopologyOptions replay(Map<Integer, Long> endOffsets) {
        return new TopologyOptions(StoreKind.PERSISTENT, Long.MAX_VALUE, Map.copyOf(endOffsets));
    }
}
