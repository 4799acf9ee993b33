package org.rareegress.order;

import java.util.function.Consumer;
import org.rareegress.detect.Candidate;

/** Kept events waiting for the watermark, in event-time order; durable in a live run. */
public interface HeldEvents {
    /** Holds {@code event}; {@code sequence} is unique per event of the task (its input offset). */
    void hold(Candidate event, long sequence);

    /**
     * Removes every held event with a Timestamp before {@code bound} and hands each to {@code next}, in
     * {@link CandidateOrder#EVENT_TIME} order. Returns {@link #earliest()} after it.
     */
    long releaseBefore(long bound, Consumer<Candidate> next);

    /** The Timestamp of the earliest held event; MAX_VALUE when none. */
    long earliest();

    long count();
}
