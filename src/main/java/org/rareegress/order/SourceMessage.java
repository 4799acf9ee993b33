package org.rareegress.order;

import org.rareegress.detect.Candidate;

/**
 * What a reading task sends the stateful tasks through the repartition topic: its kept events, each
 * with the progress of its source just before it (to the one task that owns the event's process), and
 * progress reports of its sources (to every task, so that each knows how far every source has come).
 */
public sealed interface SourceMessage {
    /** The source (input partition or file) the message speaks for. */
    int source();

    record Kept(int source, SourceProgress before, Candidate candidate) implements SourceMessage {
    }

    record Progress(int source, SourceProgress progress) implements SourceMessage {
    }
}
