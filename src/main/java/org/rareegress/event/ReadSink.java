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
}
