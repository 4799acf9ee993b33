package org.rareegress.topology;

import org.rareegress.detect.Candidate;

/**
 * What {@value Names#ORDER_BY_EVENT_TIME} hands {@value Names#TRACK_PROCESS_PREVALENCE}, in event-time order.
 * Both carry the earliest kept Timestamp of the whole input known so far, from which warm-up counts.
 */
sealed interface Ordered {

    /** The next kept event. */
    record Event(Candidate candidate, long warmupFrom) implements Ordered {
    }

    /** Every event before {@code time} has been processed: stream time may move there. */
    record Advance(long time, long warmupFrom) implements Ordered {
    }
}
