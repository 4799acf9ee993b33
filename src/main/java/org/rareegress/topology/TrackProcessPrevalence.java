package org.rareegress.topology;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rareegress.codec.DimensionStateCodec;
import org.rareegress.codec.ProcessStateCodec;
import org.rareegress.detect.Alert;
import org.rareegress.detect.AlertType;
import org.rareegress.detect.Candidate;
import org.rareegress.detect.DetectorSettings;
import org.rareegress.detect.Dimension;
import org.rareegress.detect.DimensionState;
import org.rareegress.detect.DimensionTracker;
import org.rareegress.detect.HuntRow;
import org.rareegress.detect.ProcessState;
import org.rareegress.detect.ProcessTracker;
import org.rareegress.detect.StormAlert;

/**
 * Node {@value Names#TRACK_PROCESS_PREVALENCE}: the hunt's state. Receives the kept events in event-time
 * order from {@value Names#ORDER_BY_EVENT_TIME}, with the moves of the task's clock; keeps stream time
 * (in nanoseconds), drops late events, lets due expiry checks and confirmations fire in time order as
 * stream time advances, then applies each event.
 *
 * <p>Everything it remembers is in state stores, so a restart (or a move to another instance)
 * resumes exactly: stream time and warm-up start in {@value Names#TASK_CLOCK_STORE}, per-process
 * state in {@value Names#PROCESS_PREVALENCE_STORE}, pending checks in {@value Names#EXPIRY_SCHEDULE_STORE},
 * the index of processes by last-seen time and the storm window in {@value Names#TRACKER_BOUNDS_STORE}.
 * Due work is driven by the ordered events and clock moves, not by punctuation, so every run of the
 * same input gives the same outputs whatever the partitioning, commit interval or poll batching.
 *
 * <p>Two bounds hold whatever the input: at most {@code detector.max-tracked-processes} processes
 * ({@link TrackedProcesses} evicts the least recently seen, with its refined dimensions), and at most
 * {@code alert.storm-threshold} NEW_RARE alerts of the process dimension per storm window ({@link StoredAlertStorm};
 * the rest are named in one STORM alert). Both are per task. Refined dimensions are bounded per process by
 * {@code detector.max-values-per-process} instead, and judged only for prevalent processes.
 */
final class TrackProcessPrevalence implements Processor<String, Ordered, String, DetectorOutput>, DimensionTracker.Output {
    private static final byte[] EMPTY = new byte[0];

    private final ProcessTracker tracker;
    private final ProcessStateCodec codec;
    private final long warmup;
    private final DetectorSettings settings;
    private final DetectorMetrics metrics;
    /** process-port, process-hash, process-asn as configured; none by default, and then nothing below runs. */
    private final RefinedDimensions refined;

    private ProcessorContext<String, DetectorOutput> context;
    private ProcessStates processes;
    private KeyValueStore<Bytes, byte[]> schedule;
    private KeyValueStore<String, Long> clock;
    private TrackedProcesses tracked;
    private StoredAlertStorm storm;
    private long streamTime;
    private long firstKept;
    /** Cached due time of the earliest schedule entry; MAX_VALUE when none. Rebuilt from the store on init. */
    private long nextDue;
    /** No schedule entry is due before this: the last fired entry's time (0 after a restart). */
    private long scanFrom;
    /**
     * Kafka timestamp (ms) of the outputs: the one of the record being processed, never an event time.
     * Brokers reject CreateTime records stamped more than an hour ahead (changelogs use CreateTime), and
     * event time is already in the JSON (DetectedAt, Trigger.Timestamp, LastSeen).
     */
    private long outputTime;

    TrackProcessPrevalence(ProcessTracker tracker, DetectorSettings settings, DetectorMetrics metrics) {
        this(tracker, settings, metrics, RefinedDimensions.NONE);
    }

    TrackProcessPrevalence(ProcessTracker tracker, DetectorSettings settings, DetectorMetrics metrics,
                           RefinedDimensions refined) {
        this.refined = refined;
        this.tracker = tracker;
        this.codec = new ProcessStateCodec(tracker.threshold());
        this.warmup = settings.warmupNanos();
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, DetectorOutput> context) {
        this.context = context;
        this.processes = new ProcessStates(context.getStateStore(Names.PROCESS_PREVALENCE_STORE), codec,
                new DimensionStateCodec(tracker.threshold()), metrics);
        this.schedule = context.getStateStore(Names.EXPIRY_SCHEDULE_STORE);
        this.clock = context.getStateStore(Names.TASK_CLOCK_STORE);
        Long storedTime = clock.get(Names.STREAM_TIME_KEY);
        Long storedFirst = clock.get(Names.FIRST_KEPT_KEY);
        this.streamTime = storedTime == null ? Long.MIN_VALUE : storedTime;
        this.firstKept = storedFirst == null ? Long.MAX_VALUE : storedFirst;
        this.scanFrom = 0;
        requireSemanticsVersion();
        KeyValueStore<Bytes, byte[]> bounds = context.getStateStore(Names.TRACKER_BOUNDS_STORE);
        this.tracked = new TrackedProcesses(bounds, processes, settings.maxTrackedProcesses(), metrics);
        processes.onDiscard(tracked::removed);
        tracked.init();
        adoptSettings();
        this.nextDue = earliestDue();
        this.storm = new StoredAlertStorm(bounds, settings);
    }

    /**
     * State built before event-time order (semantics version 1) made its decisions in another order; going
     * on from it would mix two semantics silently, so it is refused with what to do instead.
     */
    private void requireSemanticsVersion() {
        Long version = clock.get(Names.SEMANTICS_KEY);
        if (version == null && clock.get(Names.STREAM_TIME_KEY) != null || version != null && version != Names.SEMANTICS_VERSION) {
            throw new IllegalStateException("The state of this application was built by a release with detection"
                    + " semantics version " + (version == null ? 1 : version) + "; this release implements version "
                    + Names.SEMANTICS_VERSION + " (event-time order across partitions) and cannot continue from it."
                    + " Deploy under a new kafka.application.id and reprocess the input (docs/operations.md, Upgrading).");
        }
        clock.put(Names.SEMANTICS_KEY, Names.SEMANTICS_VERSION);
    }

    /**
     * State built under one threshold and window holds what those need, not more: the N newest devices,
     * the evidence of the window. Raising the threshold or lengthening the window would make decisions
     * on missing devices (false NEW_RARE floods), so it is refused; lowering them is exact and applied
     * at once (a shorter window reschedules every process's next expiry).
     */
    private void adoptSettings() {
        Long threshold = clock.get(Names.THRESHOLD_KEY);
        Long window = clock.get(Names.WINDOW_KEY);
        if (threshold != null && tracker.threshold() > threshold) {
            throw new IllegalStateException("detector.threshold was raised from " + threshold + " to " + tracker.threshold()
                    + " on existing state, which keeps only the " + threshold + " newest devices of each process and"
                    + " cannot decide rarity at " + tracker.threshold() + ". Deploy under a new kafka.application.id and"
                    + " reprocess the input (docs/operations.md, Upgrading), or keep the old threshold.");
        }
        if (window != null && tracker.window() > window) {
            throw new IllegalStateException("detector.window was lengthened from " + java.time.Duration.ofNanos(window)
                    + " to " + java.time.Duration.ofNanos(tracker.window()) + " on existing state, which has already"
                    + " forgotten what fell out of the old window. Deploy under a new kafka.application.id and reprocess"
                    + " the input (docs/operations.md, Upgrading), or keep the old window.");
        }
        if (window != null && tracker.window() < window) {
            rescheduleEveryProcess();
        }
        clock.put(Names.THRESHOLD_KEY, (long) tracker.threshold());
        clock.put(Names.WINDOW_KEY, tracker.window());
    }

    private void rescheduleEveryProcess() {
        processes.forEach((process, state) -> {
            long next = tracker.nextCheck(state);
            if (next != Long.MAX_VALUE) {
                putSchedule(new ScheduleKey(next, ScheduleKey.Kind.CHECK, process));
                state.scheduledAt(Math.min(state.scheduledAt(), next));
                processes.store(process, state);
            }
        });
        if (refined.any()) {
            processes.forEachDimension((key, state) -> {
                long next = refined.tracker().nextCheck(state);
                if (next != Long.MAX_VALUE) {
                    putSchedule(new ScheduleKey(next, ScheduleKey.Kind.CHECK, key));
                    state.scheduledAt(Math.min(state.scheduledAt(), next));
                    processes.storeDimension(key, state);
                }
            });
        }
    }

    @Override
    public void process(Record<String, Ordered> record) {
        outputTime = record.timestamp();
        if (record.value() instanceof Ordered.Advance advance) {
            warmupFrom(advance.warmupFrom());
            advanceTo(advance.time());
            return;
        }
        // An unforeseen failure on one event reaches the processing exception handler for that event alone
        // (DeadLetterOnProcessingError): the events released after it in the same pass are still processed.
        Ordered.Event ordered = (Ordered.Event) record.value();
        warmupFrom(ordered.warmupFrom());
        apply(record.key(), ordered.candidate());
    }

    private void apply(String process, Candidate event) {
        long time = event.timestampNanos();
        if (streamTime != Long.MIN_VALUE && time <= tracker.lateCutoff(streamTime)) {
            metrics.countLate();
            return;
        }
        advanceTo(time);
        boolean alertsEnabled = firstKept != Long.MAX_VALUE && streamTime - firstKept >= warmup;
        ProcessState state = processes.load(process);
        boolean created = state == null;
        if (created) {
            state = tracker.newState();
        }
        tracker.onEvent(process, state, event, streamTime, alertsEnabled, this);
        scheduleAndStore(process, state);
        if (refined.any()) {
            boolean prevalent = tracker.isPrevalentAt(state, streamTime);
            for (Dimension dimension : refined.dimensions()) {
                String key = DimensionKeys.of(dimension, process);
                DimensionState dimensionState = processes.loadDimension(key);
                if (dimensionState == null) {
                    dimensionState = new DimensionState();
                }
                refined.tracker().onEvent(dimension, process, dimensionState, event,
                        dimension.valueOf(event, refined.asns()), state, prevalent, streamTime, alertsEnabled, this);
                scheduleAndStoreDimension(key, dimensionState);
            }
        }
        if (created && !state.isEmpty()) {
            // Only a new process touches the index (see TrackedProcesses): a known one costs nothing here. Last,
            // so that evicting the new process itself (all at one instant, its name first) takes its dimensions too.
            tracked.added(process, state.devices().newestLastSeen());
            tracked.evictOverflow(this::evict);
        }
    }

    /**
     * A due check or confirmation of a (dimension, process); the process's own state says whether it is
     * prevalent then. A check of the process itself also brings its dimensions up to date ({@link #syncDimensions}).
     */
    private void fireDimension(ScheduleKey due) {
        DimensionState state = processes.loadDimension(due.process());
        if (state == null) {
            return;
        }
        Dimension dimension = DimensionKeys.dimension(due.process());
        String process = DimensionKeys.process(due.process());
        if (!refined.dimensions().contains(dimension)) {
            // State of a dimension since turned off: its rows leave the table, the state goes.
            DimensionTracker.retire(dimension, process, state, this);
            processes.storeDimension(due.process(), state);
            return;
        }
        if (state.scheduledAt() == due.dueAt() && due.kind() == ScheduleKey.Kind.CHECK) {
            state.scheduledAt(Long.MAX_VALUE);
        }
        ProcessState processState = processes.load(process);
        if (processState != null) {
            tracker.expire(processState, due.dueAt());
        }
        boolean prevalent = tracker.isPrevalentAt(processState, due.dueAt());
        if (due.kind() == ScheduleKey.Kind.CHECK) {
            refined.tracker().onCheck(dimension, process, state, processState, prevalent, due.dueAt(), this);
        } else {
            refined.tracker().confirm(dimension, process, state, processState, prevalent, due.dueAt(), this);
        }
        scheduleAndStoreDimension(due.process(), state);
    }

    /** After a check of the process: its dimensions follow it (a process turned rare is no longer refined). */
    private void syncDimensions(String process, ProcessState processState, long now) {
        boolean prevalent = tracker.isPrevalentAt(processState, now);
        for (Dimension dimension : refined.dimensions()) {
            String key = DimensionKeys.of(dimension, process);
            DimensionState state = processes.loadDimension(key);
            if (state != null) {
                refined.tracker().onCheck(dimension, process, state, processState, prevalent, now, this);
                scheduleAndStoreDimension(key, state);
            }
        }
    }

    private void scheduleAndStoreDimension(String key, DimensionState state) {
        long next = refined.tracker().nextCheck(state);
        if (next != Long.MAX_VALUE && next < state.scheduledAt()) {
            putSchedule(new ScheduleKey(next, ScheduleKey.Kind.CHECK, key));
            state.scheduledAt(next);
        }
        processes.storeDimension(key, state);
    }

    /** Stream time moves to {@code time} if that is ahead: what falls due on the way fires first. */
    private void advanceTo(long time) {
        if (time > streamTime) {
            fireDue(time);
            streamTime = time;
            clock.put(Names.STREAM_TIME_KEY, streamTime);
            tracked.sweep(tracker.lateCutoff(streamTime));
            storm.advance(streamTime, this::storm);
        }
    }

    /**
     * Forgets a process to keep the task within its bound: its state and schedule entries, its table row, and
     * the states and rows of its refined dimensions. A held NEW_RARE goes with it. If it comes back, it is a new
     * episode, as after leaving the window.
     */
    private void evict(String process, ProcessState state) {
        if (state.rowPublished()) {
            row(process, null);
        }
        if (state.scheduledAt() != Long.MAX_VALUE) {
            schedule.delete(new ScheduleKey(state.scheduledAt(), ScheduleKey.Kind.CHECK, process).toBytes());
        }
        if (state.pending() != null) {
            schedule.delete(new ScheduleKey(state.pending().dueAt(), ScheduleKey.Kind.CONFIRM, process).toBytes());
        }
        processes.delete(process);
        for (Dimension dimension : Dimension.values()) {
            if (dimension != Dimension.PROCESS) {
                evictDimension(dimension, process);
            }
        }
    }

    private void evictDimension(Dimension dimension, String process) {
        String key = DimensionKeys.of(dimension, process);
        DimensionState state = processes.loadDimension(key);
        if (state == null) {
            return;
        }
        if (state.scheduledAt() != Long.MAX_VALUE) {
            schedule.delete(new ScheduleKey(state.scheduledAt(), ScheduleKey.Kind.CHECK, key).toBytes());
        }
        state.values().values().forEach(value -> {
            if (value.pending() != null) {
                schedule.delete(new ScheduleKey(value.pending().dueAt(), ScheduleKey.Kind.CONFIRM, key).toBytes());
            }
        });
        DimensionTracker.retire(dimension, process, state, this);
        processes.storeDimension(key, state);
    }

    /** Warm-up counts from the earliest kept Timestamp of the whole input, which only moves earlier. */
    private void warmupFrom(long earliest) {
        if (earliest < firstKept) {
            firstKept = earliest;
            clock.put(Names.FIRST_KEPT_KEY, firstKept);
        }
    }

    /**
     * Runs, in time order and each at its own due time, every expiry check due at or before {@code upTo}
     * and every confirmation due before it. A confirmation due at {@code upTo} waits until stream time
     * moves past it, so that events stamped with that very instant (which may still arrive) count: one
     * of them making the process prevalent cancels the alert.
     */
    private void fireDue(long upTo) {
        while (nextDue <= upTo) {
            ScheduleKey due;
            try (KeyValueIterator<Bytes, byte[]> entries = schedule.range(ScheduleKey.lowerBound(scanFrom),
                    ScheduleKey.upperBoundInclusive(upTo))) {
                if (!entries.hasNext()) {
                    nextDue = earliestDue();
                    return;
                }
                KeyValue<Bytes, byte[]> entry = entries.next();
                due = ScheduleKey.fromBytes(entry.key);
                if (due.kind() == ScheduleKey.Kind.CONFIRM && due.dueAt() >= upTo) {
                    // Entries at one instant sort checks first, so nothing else is due before upTo.
                    return;
                }
                schedule.delete(entry.key);
                // New entries are always due after stream time, so scans can start here, past the
                // deletion markers RocksDB keeps for the entries already fired.
                scanFrom = due.dueAt();
            }
            if (DimensionKeys.isDimensionKey(due.process())) {
                fireDimension(due);
                nextDue = earliestDue();
                continue;
            }
            ProcessState state = processes.load(due.process());
            if (state != null) {
                if (state.scheduledAt() == due.dueAt() && due.kind() == ScheduleKey.Kind.CHECK) {
                    state.scheduledAt(Long.MAX_VALUE);
                }
                if (due.kind() == ScheduleKey.Kind.CHECK) {
                    tracker.onCheck(due.process(), state, due.dueAt(), this);
                } else {
                    tracker.confirm(due.process(), state, due.dueAt(), this);
                }
                scheduleAndStore(due.process(), state);
                if (state.isEmpty()) {
                    tracked.removed();
                }
                if (refined.any()) {
                    syncDimensions(due.process(), state, due.dueAt());
                }
            }
            nextDue = earliestDue();
        }
    }

    private void scheduleAndStore(String process, ProcessState state) {
        if (!state.isEmpty()) {
            long next = tracker.nextCheck(state);
            // Entries are only ever added for an earlier time; a later-than-needed entry simply fires,
            // finds nothing due, and reschedules. This keeps schedule writes off the hot path.
            if (next != Long.MAX_VALUE && next < state.scheduledAt()) {
                putSchedule(new ScheduleKey(next, ScheduleKey.Kind.CHECK, process));
                state.scheduledAt(next);
            }
        }
        processes.store(process, state);
    }

    private void putSchedule(ScheduleKey key) {
        schedule.put(key.toBytes(), EMPTY);
        nextDue = Math.min(nextDue, key.dueAt());
    }

    private long earliestDue() {
        try (KeyValueIterator<Bytes, byte[]> all = schedule.range(ScheduleKey.lowerBound(scanFrom),
                ScheduleKey.upperBoundInclusive(Long.MAX_VALUE))) {
            return all.hasNext() ? ScheduleKey.fromBytes(all.next().key).dueAt() : Long.MAX_VALUE;
        }
    }

    @Override
    public void alert(Alert alert) {
        metrics.alert(alert.type());
        context.forward(new Record<>(alert.process(), new DetectorOutput.AlertOut(alert), outputTime));
    }

    @Override
    public void row(String process, HuntRow row) {
        metrics.row(row == null);
        context.forward(new Record<>(process, new DetectorOutput.RowOut(row), outputTime));
    }

    @Override
    public void confirmAt(Dimension dimension, String process, long dueAt) {
        putSchedule(new ScheduleKey(dueAt, ScheduleKey.Kind.CONFIRM, DimensionKeys.of(dimension, process)));
    }

    @Override
    public void confirmAt(String process, long dueAt) {
        putSchedule(new ScheduleKey(dueAt, ScheduleKey.Kind.CONFIRM, process));
    }

    @Override
    public long newRareSuppressedUntil(String process, long at) {
        long until = storm.admit(process, at, this::storm);
        if (until != Long.MIN_VALUE) {
            metrics.countNewRareSuppressed();
        }
        return until;
    }

    /** A storm window closed having suppressed NEW_RARE alerts: its one STORM alert. */
    private void storm(StormAlert alert) {
        metrics.alert(AlertType.STORM);
        context.forward(new Record<>(null, new DetectorOutput.StormOut(alert), outputTime));
    }
}
