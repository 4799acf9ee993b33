package org.rareegress.detect;

/** The three records of the alert topic. */
public enum AlertType {
    /** A process is rare and had not been alerted in this rare episode. */
    NEW_RARE,
    /** An alerted rare process showed a new device, hash or port. */
    UPDATED,
    /** An alerted process reached the threshold: it is prevalent now. */
    NO_LONGER_RARE
}
