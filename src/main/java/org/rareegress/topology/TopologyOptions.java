package org.rareegress.topology;

/**
 * How a topology is built beyond {@link org.rareegress.config.Settings}.
 *
 * @param ignoreAfterNanos events with a later Timestamp are skipped (counted, not processed): a
 *                         backtest {@code --as-of T} replays history as it was known at T.
 *                         MAX_VALUE for every live run.
 */
public record TopologyOptions(StoreKind storeKind, long ignoreAfterNanos) {

    public static TopologyOptions live() {
        return new TopologyOptions(StoreKind.PERSISTENT, Long.MAX_VALUE);
    }

    public static TopologyOptions backtest(long ignoreAfterNanos) {
        return new TopologyOptions(StoreKind.IN_MEMORY, ignoreAfterNanos);
    }
}
