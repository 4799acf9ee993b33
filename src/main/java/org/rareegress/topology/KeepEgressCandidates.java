package org.rareegress.topology;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.rareegress.detect.Candidate;
import org.rareegress.detect.EgressFilter;
import org.rareegress.detect.FilterOutcome;
import org.rareegress.event.DeadLetter;
import org.rareegress.event.EarlyDrop;
import org.rareegress.event.NetworkEvent;
import org.rareegress.event.SourceRef;
import org.rareegress.order.SourceCatalog;
import org.rareegress.order.SourceMessage;
import org.rareegress.order.SourceProgress;
import org.rareegress.order.SourceReading;

/**
 * Node {@value Names#KEEP_EGRESS_CANDIDATES}: the seed's filter, before any repartitioning so only
 * candidates cross the network, and the reading side of event-time order. Kept events leave keyed by
 * process name, each with its source's progress just before it; progress reports leave for every
 * stateful task (the repartition's partitioner multicasts them): as the source advances (every
 * {@link #REPORT_EVERY} in a live run), while it is idle (caught up and quiet for {@code input.idle-timeout}:
 * a confirmation at every tick, dated to when it was last known to have nothing), and when it ends. Every
 * message says as of when it holds ({@link SourceMessage#asOf}). Incomplete candidates join the dead letters,
 * keyed (like them) by their source coordinates.
 */
final class KeepEgressCandidates implements Processor<byte[], Screened, String, Screened> {
    /** How often a live source tells every stateful task how far it has read: the floor of alert latency. */
    static final Duration REPORT_EVERY = Duration.ofMillis(100);
    /**
     * A live source also reports after this many events read: during a catch-up the stream thread reads
     * thousands of events between two wall-clock reports, and kept events would wait for the next one (long
     * enough to cross a commit, so that each is written to the held-events changelog and then deleted).
     */
    static final int REPORT_EVERY_EVENTS = 1_000;
    /**
     * How much earlier than the previous tick an idle confirmation is dated. The lag the probe reads comes from
     * the consumer's last fetch response: one fetched after data arrived says so, and one is under way at all
     * times (the broker answers it as soon as data is appended), taken in at every poll, and a poll runs between
     * two ticks. So at a tick that finds the source caught up, nothing appended before the previous tick, less
     * the time a fetch response takes to come back, is left unread. That time is not bounded: on a loaded
     * machine (TwoInstancesIT on a 2-core build box with other builds) a response took longer than the
     * 100 ms first chosen, a confirmation vouched for data not yet fetched, and the watermark ran ahead of it.
     * A second covers a broker or a stream thread that is slow, at the cost of releases lagging the wall
     * clock by a second more while some partition is idle; docs/event-time-order.md says what is left.
     */
    static final long CONFIRMATION_MARGIN_MILLIS = 1_000;
    /** The key of progress reports; the partitioner sends them to every partition whatever the key. */
    static final String PROGRESS_KEY = "";

    private final EgressFilter filter;
    private final DetectorMetrics metrics;
    private final SourceCatalog sources;
    private final BacklogProbe backlog;
    private final long maxOutOfOrderness;
    private final long idleTimeoutMillis;
    private final boolean fileBatches;
    private final Map<Integer, SourceReading> readings = new TreeMap<>();
    private ProcessorContext<String, Screened> context;

    KeepEgressCandidates(EgressFilter filter, DetectorMetrics metrics, TopologyOptions options, long maxOutOfOrderness,
                         Duration idleTimeout) {
        this.filter = filter;
        this.metrics = metrics;
        this.sources = options.sources();
        this.backlog = options.backlog();
        this.fileBatches = options.fileBatches();
        this.maxOutOfOrderness = maxOutOfOrderness;
        this.idleTimeoutMillis = idleTimeout.toMillis();
    }

    @Override
    public void init(ProcessorContext<String, Screened> context) {
        this.context = context;
        if (!fileBatches) {
            context.schedule(REPORT_EVERY, PunctuationType.WALL_CLOCK_TIME, this::report);
        }
    }

    @Override
    public void process(Record<byte[], Screened> record) {
        Screened value = record.value();
        if (value instanceof Screened.Rejected rejected) {
            context.forward(record.withKey(rejected.deadLetter().source().toString()));
        } else if (value instanceof Screened.SourceFinished finished) {
            finish(finished.source(), record.timestamp());
        } else if (value instanceof Screened.Dropped dropped) {
            screenDropped(dropped, record);
        } else {
            NetworkEvent event = ((Screened.Event) value).event();
            screen(event.timestampNanos(), event.source(), filter.evaluate(event), event, record);
        }
    }

    /** Events the reader dropped without building them: counted by clause, and read as far as the newest. */
    private void screenDropped(Screened.Dropped dropped, Record<byte[], Screened> record) {
        int source = sources.sourceOf(dropped.source());
        long now = context.currentSystemTimeMs();
        SourceReading reading = announced(source, now, record);
        int count = 0;
        for (EarlyDrop.Clause clause : EarlyDrop.Clause.values()) {
            int byClause = dropped.byClause()[clause.ordinal()];
            if (byClause > 0) {
                metrics.outcomes(EgressFilter.outcome(clause), byClause);
                count += byClause;
            }
        }
        // What reading them one at a time would have left: progress merges by maximum.
        reading.read(dropped.newestNanos(), now, count);
        sources.onRead(source, dropped.newestNanos());
        reportIfDue(source, reading, now, record);
    }

    /** The source's reading, announced first to every task if they do not know it is delivering. */
    private SourceReading announced(int source, long now, Record<byte[], Screened> record) {
        SourceReading reading = reading(source, now);
        if (reading.mustAnnounce()) {
            multicast(source, reading.report(), now, record.timestamp());
        }
        return reading;
    }

    private void reportIfDue(int source, SourceReading reading, long now, Record<byte[], Screened> record) {
        if (!fileBatches && reading.readSinceReport() >= REPORT_EVERY_EVENTS) {
            multicast(source, reading.report(), now, record.timestamp());
        }
    }

    /** @param event the event, or null when the reader dropped it (by {@code outcome}) without building it */
    private void screen(long timestampNanos, SourceRef sourceRef, FilterOutcome outcome, NetworkEvent event,
                        Record<byte[], Screened> record) {
        int source = sources.sourceOf(sourceRef);
        long now = context.currentSystemTimeMs();
        SourceReading reading = announced(source, now, record);
        metrics.outcome(outcome);
        // A kept event carries its source's progress as it was just before it was read (only kept events
        // need it: 95 % are dropped, and each would otherwise cost an object).
        SourceProgress before = outcome.kind() == FilterOutcome.Kind.KEPT ? reading.progress() : null;
        reading.read(timestampNanos, now);
        sources.onRead(source, timestampNanos);
        switch (outcome.kind()) {
            case KEPT -> {
                Candidate candidate = Candidate.of(event);
                reading.kept(candidate.timestampNanos());
                context.forward(record.withKey(candidate.processKey())
                        .withValue(new Screened.Ordered(new SourceMessage.Kept(source, before, now, candidate))));
            }
            case REJECTED -> {
                metrics.countRejected();
                DeadLetter deadLetter = new DeadLetter(outcome.label(), event.source(), event.raw());
                context.forward(record.withKey(event.source().toString()).withValue(new Screened.Rejected(deadLetter)));
            }
            case DROPPED -> {
                // Counted by reason above; nothing goes downstream but the source's progress.
            }
        }
        reportIfDue(source, reading, now, record);
    }

    /**
     * Live: every source that advanced reports; one caught up and quiet for the idle timeout confirms it is
     * idle; one quiet with something left to read (read slowly, or not at all yet) is active again.
     */
    private void report(long now) {
        // The task's one partition is a source from the first report on, so that it can go idle without
        // ever delivering anything: an empty partition must not stall every stateful task.
        reading(context.taskId().partition(), now);
        readings.forEach((source, reading) -> {
            SourceReading.Report report = reading.tick(now, idleTimeoutMillis, CONFIRMATION_MARGIN_MILLIS,
                    () -> backlog.caughtUp(source));
            if (report != null) {
                multicast(source, report.progress(), report.asOf(), now);
            }
        });
    }

    /** A source (or, for {@link Screened.SourceFinished#ALL}, every source) has nothing more to deliver. */
    private void finish(int source, long timestamp) {
        if (source == Screened.SourceFinished.ALL) {
            for (int id = 0; id < sources.count(); id++) {
                multicast(id, reading(id, context.currentSystemTimeMs()).reportEnded(), SourceMessage.FOREVER, timestamp);
            }
        } else {
            multicast(source, reading(source, context.currentSystemTimeMs()).reportEnded(), SourceMessage.FOREVER,
                    timestamp);
        }
    }

    private void multicast(int source, SourceProgress progress, long asOf, long timestamp) {
        context.forward(new Record<>(PROGRESS_KEY,
                (Screened) new Screened.Ordered(new SourceMessage.Progress(source, progress, asOf)), timestamp));
    }

    /** How far {@code source} has been read by this task (for a backtest that splits a file across tasks). */
    SourceProgress progress(int source) {
        SourceReading reading = readings.get(source);
        return reading == null ? SourceProgress.NONE : reading.progress();
    }

    private SourceReading reading(int source, long now) {
        return readings.computeIfAbsent(source, id -> new SourceReading(maxOutOfOrderness, now));
    }
}
