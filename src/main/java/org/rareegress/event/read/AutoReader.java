package org.rareegress.event.read;

import org.rareegress.event.DeadLetter;
import org.rareegress.event.EarlyDrop;
import org.rareegress.event.NetworkEvent;
import org.rareegress.event.ReadSink;
import org.rareegress.event.RecordReader;
import org.rareegress.event.SourceRef;

/**
 * {@code input.format=auto}: the MDE streaming pass first, so Defender rows and envelopes cost what they
 * always did; only a record that pass rejected whole, with nothing else found in it, is parsed again
 * as a tree and read as a Windows (Sysmon) or ECS event. When that finds no known format either, the
 * MDE pass's own reason stands.
 */
final class AutoReader implements RecordReader {
    private final MdeJsonReader mde;
    private final TreeJsonReader others;
    private final HoldingSink holding = new HoldingSink();

    AutoReader(MdeJsonReader mde, TreeJsonReader others) {
        this.mde = mde;
        this.others = others;
    }

    @Override
    public void read(byte[] record, SourceRef source, ReadSink sink) {
        holding.start(sink, source);
        mde.read(record, source, holding);
        DeadLetter wholeRecord = holding.finish();
        if (wholeRecord != null && others.tryRead(record, source, sink) != null) {
            sink.reject(wholeRecord);
        }
    }

    /**
     * Passes everything through in order, except that it holds back a first rejection of the whole
     * record until it knows whether anything else follows.
     */
    private static final class HoldingSink implements ReadSink {
        private ReadSink target;
        private SourceRef source;
        private DeadLetter held;
        private boolean passed;

        void start(ReadSink newTarget, SourceRef newSource) {
            target = newTarget;
            source = newSource;
            held = null;
            passed = false;
        }

        /** The held rejection when it was all the MDE pass found, else null (everything was passed on). */
        DeadLetter finish() {
            DeadLetter result = passed ? null : held;
            held = null;
            target = null;
            return result;
        }

        @Override
        public void event(NetworkEvent event) {
            release();
            target.event(event);
        }

        @Override
        public void reject(DeadLetter deadLetter) {
            if (!passed && held == null && deadLetter.source().equals(source)) {
                held = deadLetter;
                return;
            }
            release();
            target.reject(deadLetter);
        }

        @Override
        public void skip(String what) {
            release();
            target.skip(what);
        }

        @Override
        public void deadLettersSuppressed(long count) {
            target.deadLettersSuppressed(count);
        }

        @Override
        public void dropped(long timestampNanos, SourceRef droppedSource, EarlyDrop.Clause clause) {
            release();
            target.dropped(timestampNanos, droppedSource, clause);
        }

        private void release() {
            passed = true;
            if (held != null) {
                target.reject(held);
                held = null;
            }
        }
    }
}
