package org.rareegress.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.rareegress.detect.Candidate;
import org.rareegress.detect.EgressFilter;
import org.rareegress.detect.FilterOutcome;
import org.rareegress.event.DeadLetter;
import org.rareegress.event.NetworkEvent;

/**
 * Node {@value Names#KEEP_EGRESS_CANDIDATES}: the seed's filter, before any repartitioning so only
 * candidates cross the network. Kept events leave keyed by process name; incomplete candidates
 * join the dead letters, keyed (like them) by their source coordinates.
 */
final class KeepEgressCandidates implements Processor<byte[], Screened, String, Screened> {
    private final EgressFilter filter;
    private final DetectorMetrics metrics;
    private ProcessorContext<String, Screened> context;

    KeepEgressCandidates(EgressFilter filter, DetectorMetrics metrics) {
        this.filter = filter;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Screened> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], Screened> record) {
        if (record.value() instanceof Screened.Rejected rejected) {
            context.forward(record.withKey(rejected.deadLetter().source().toString()));
            return;
        }
        NetworkEvent event = ((Screened.Event) record.value()).event();
        FilterOutcome outcome = filter.evaluate(event);
        metrics.outcome(outcome);
        switch (outcome.kind()) {
            case KEPT -> {
                Candidate candidate = Candidate.of(event);
                context.forward(record.withKey(candidate.processKey()).withValue(new Screened.Kept(candidate)));
            }
            case REJECTED -> {
                metrics.countRejected();
                DeadLetter deadLetter = new DeadLetter(outcome.label(), event.source(), event.raw());
                context.forward(record.withKey(event.source().toString()).withValue(new Screened.Rejected(deadLetter)));
            }
            case DROPPED -> {
                // Counted by reason above; nothing goes downstream.
            }
        }
    }
}
