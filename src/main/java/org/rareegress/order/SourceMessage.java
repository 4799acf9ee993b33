package org.rareegress.order;

import org.rareegress.detect.Candidate;

/**
 * What a reading task sends the stateful tasks through the repartition topic: its kept events, each
 * with the progress of its source just before it (to the one task that owns the event's process), and
 * progress reports of its sources (to every task, so that each knows how far every source has come).
 */
public sealed interface SourceMessage {
    /** {@link #asOf} of what holds whatever the wall clock: a backtest's files, read at the speed of the disk. */
    long TIMELESS = Long.MIN_VALUE;
    /** {@link #asOf} of the idle report of a source that has ended: nothing more will come from it, ever. */
    long FOREVER = Long.MAX_VALUE;

    /** The source (input partition or file) the message speaks for. */
    int source();

    /**
     * The wall-clock time (ms) the message speaks as of. For an active source's progress, when its reader
     * knew it; for an idle report, the time up to which the source is known to have had nothing to deliver
     * (a confirmation: an idle source repeats it while it stays idle).
     */
    long asOf();

    record Kept(int source, SourceProgress before, long asOf, Candidate candidate) implements SourceMessage {
    }

    record Progress(int source, SourceProgress progress, long asOf) implements SourceMessage {
    }
}
