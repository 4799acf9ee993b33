package org.rareegress.order;

import org.rareegress.event.SourceRef;

/**
 * The sources of one run, numbered from 0: the input topic's partitions in {@code run} and {@code replay},
 * the input files in {@code backtest}. Every stateful task waits for every source, so the count must be
 * known before the first event is processed.
 */
public interface SourceCatalog {
    int count();

    /** The source an event was read from. */
    int sourceOf(SourceRef ref);

    /** An event of {@code source} stamped {@code timestampNanos} was read (a backtest merges its files by it). */
    default void onRead(int source, long timestampNanos) {
    }

    /** One source per partition of the input topic. */
    static SourceCatalog partitions(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("an input topic has at least one partition, got " + count);
        }
        return new SourceCatalog() {
            @Override
            public int count() {
                return count;
            }

            @Override
            public int sourceOf(SourceRef ref) {
                return Math.max(ref.partition(), 0);
            }
        };
    }
}
