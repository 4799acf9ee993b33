package org.rareegress.topology;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rareegress.detect.Candidate;
import org.rareegress.order.EventTimeOrder;
import org.rareegress.order.SourceCatalog;
import org.rareegress.order.SourceMessage;

/**
 * Node {@value Names#ORDER_BY_EVENT_TIME}: the stateful side of event-time order. Every source's progress
 * and the events waiting for the watermark live in {@value Names#SOURCE_PROGRESS_STORE} and
 * {@value Names#HELD_EVENTS_STORE}, so a restart resumes with exactly what was held ({@link EventTimeOrder}).
 * Hands {@value Names#TRACK_PROCESS_PREVALENCE} the kept events in order, and moves its clock.
 */
final class OrderByEventTime implements Processor<String, SourceMessage, String, Ordered>, EventTimeOrder.Downstream {
    private static final java.time.Duration PERSIST_EVERY = java.time.Duration.ofMillis(100);

    private final SourceCatalog sources;
    private final DetectorMetrics metrics;
    private ProcessorContext<String, Ordered> context;
    private EventTimeOrder order;
    private String task;
    private long outputTime;
    private long sequence;

    OrderByEventTime(TopologyOptions options, DetectorMetrics metrics) {
        this.sources = options.sources();
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Ordered> context) {
        this.context = context;
        this.task = context.taskId().toString();
        KeyValueStore<Integer, byte[]> progress = context.getStateStore(Names.SOURCE_PROGRESS_STORE);
        KeyValueStore<Bytes, byte[]> held = context.getStateStore(Names.HELD_EVENTS_STORE);
        this.order = new EventTimeOrder(sources::count, new StoredOrderState(progress), new StoredHeldEvents(held), this);
        publishProgress();
        // Progress and the release mark change with nearly every record; they are written a few times a
        // second (a crash then loses only progress the sources report again), and published to the metrics.
        context.schedule(PERSIST_EVERY, PunctuationType.WALL_CLOCK_TIME, now -> {
            order.persist();
            publishProgress();
        });
    }

    @Override
    public void process(Record<String, SourceMessage> record) {
        outputTime = record.timestamp();
        SourceMessage message = record.value();
        if (message instanceof SourceMessage.Kept kept) {
            order.onKept(kept.source(), kept.before(), kept.asOf(), kept.candidate(), sequenceOf());
        } else {
            order.onProgress(message.source(), ((SourceMessage.Progress) message).progress(), message.asOf());
        }
    }

    @Override
    public void process(Candidate event, long warmupFrom) {
        context.forward(new Record<>(event.processKey(), new Ordered.Event(event, warmupFrom), outputTime));
    }

    @Override
    public void advanceTo(long time, long warmupFrom) {
        context.forward(new Record<>(null, new Ordered.Advance(time, warmupFrom), outputTime));
    }

    @Override
    public void outOfOrder(Candidate event) {
        metrics.countOutOfOrder();
    }

    @Override
    public void close() {
        metrics.forgetOrder(task);
    }

    /** The repartition offset: unique per event of this task, and the same when a crash makes it come again. */
    private long sequenceOf() {
        return context.recordMetadata().map(RecordMetadata::offset).orElseGet(() -> sequence++);
    }

    private void publishProgress() {
        int[] quiet = order.quietSources();
        metrics.order(task, new DetectorMetrics.OrderProgress(order.released(), order.heldCount(), quiet[0], quiet[1],
                order.warmupFrom(), order.clock()));
    }
}
