package org.rareegress.event;

/** Receives what a {@link RecordReader} finds in one raw record. */
public interface ReadSink {

    /** A well-formed event. */
    void event(NetworkEvent event);

    /** Input that could not be read: to the dead-letter path. */
    void reject(DeadLetter deadLetter);

    /** A well-formed item that is not a network event (another Defender table, a non-network Sysmon event). */
    void skip(String what);

    /**
     * {@code count} more items of the record just read were rejected past {@code input.max-dead-letters-per-record}:
     * they are counted here and in one summary dead letter, their own dead letters were not written.
     */
    default void deadLettersSuppressed(long count) {
    }

    /**
     * A valid event that one of the reader's {@link EarlyDrop} clauses drops: only what a dropped event still
     * counts for (its time and source) was read into values, nothing was built. Only a reader given an
     * {@link EarlyDrop} reports these, so a sink that never gives one needs no more than this default.
     */
    default void dropped(long timestampNanos, SourceRef source, EarlyDrop.Clause clause) {
        throw new UnsupportedOperationException("a row was dropped early, but this sink gave the reader no EarlyDrop");
    }
}
