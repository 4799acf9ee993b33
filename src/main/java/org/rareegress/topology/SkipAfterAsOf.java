package org.rareegress.topology;

import org.rareegress.event.DeadLetter;
import org.rareegress.event.EarlyDrop;
import org.rareegress.event.NetworkEvent;
import org.rareegress.event.ReadSink;
import org.rareegress.event.RecordReader;
import org.rareegress.event.SourceRef;

/**
 * A backtest's {@code --as-of T}, history as it was known at T: the reader of {@value Names#PARSE_NETWORK_EVENTS}
 * with the events of a later Timestamp counted and skipped before they reach the node. Everything else passes as
 * the reader delivers it.
 */
final class SkipAfterAsOf implements RecordReader, ReadSink {
    private final RecordReader reader;
    private final long asOfNanos;
    private final DetectorMetrics metrics;
    private ReadSink sink;

    private SkipAfterAsOf(RecordReader reader, long asOfNanos, DetectorMetrics metrics) {
        this.reader = reader;
        this.asOfNanos = asOfNanos;
        this.metrics = metrics;
    }

    /** {@code reader} as it is when nothing is after {@code asOfNanos} (MAX_VALUE: every live run and replay). */
    static RecordReader of(RecordReader reader, long asOfNanos, DetectorMetrics metrics) {
        return asOfNanos == Long.MAX_VALUE ? reader : new SkipAfterAsOf(reader, asOfNanos, metrics);
    }

    @Override
    public void read(byte[] record, SourceRef source, ReadSink sink) {
        this.sink = sink;
        reader.read(record, source, this);
    }

    @Override
    public void event(NetworkEvent event) {
        if (event.timestampNanos() > asOfNanos) {
            metrics.countAfterAsOf();
            return;
        }
        sink.event(event);
    }

    @Override
    public void dropped(long timestampNanos, SourceRef source, EarlyDrop.Clause clause) {
        if (timestampNanos > asOfNanos) {
            metrics.countAfterAsOf();
            return;
        }
        sink.dropped(timestampNanos, source, clause);
    }

    @Override
    public void reject(DeadLetter deadLetter) {
        sink.reject(deadLetter);
    }

    @Override
    public void skip(String what) {
        sink.skip(what);
    }

    @Override
    public void deadLettersSuppressed(long count) {
        sink.deadLettersSuppressed(count);
    }
}
