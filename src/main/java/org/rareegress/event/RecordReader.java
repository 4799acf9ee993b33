package org.rareegress.event;

/**
 * Reads the events of one raw record (a Kafka record value or a file line). A record may hold
 * many events (an envelope) or none. A reader never throws for bad input: it reports it to the
 * sink, and the good events of the same record are still delivered.
 */
public interface RecordReader {

    void read(byte[] record, SourceRef source, ReadSink sink);
}
