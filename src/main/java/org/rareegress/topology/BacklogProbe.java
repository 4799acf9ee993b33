package org.rareegress.topology;

/**
 * Whether an input partition has anything left to read. A source is idle only once it is caught up:
 * one with a backlog, however slowly it is read, keeps holding the watermark back.
 */
@FunctionalInterface
public interface BacklogProbe {
    /** For a driver that feeds every record itself (tests): nothing is ever left unread. */
    BacklogProbe CAUGHT_UP = partition -> true;

    /** True only when the partition is known to have nothing left to read. */
    boolean caughtUp(int partition);
}
