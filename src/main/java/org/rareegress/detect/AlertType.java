package org.rareegress.detect;

/** The records of the alert topic: three about one process each, and STORM about a burst of NEW_RARE. */
public enum AlertType {
    /** A process is rare and had not been alerted in this rare episode. */
    NEW_RARE,
    /** An alerted rare process showed a new device, hash or port. */
    UPDATED,
    /** An alerted process reached the threshold: it is prevalent now. */
    NO_LONGER_RARE,
    /**
     * More NEW_RARE than {@code alert.storm-threshold} in one storm window of a task: the rest were suppressed,
     * and this one record ({@link StormAlert}) counts and names them when the window closes.
     */
    STORM
}
