package org.rareegress.topology;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rareegress.codec.DimensionStateCodec;
import org.rareegress.codec.ProcessStateCodec;
import org.rareegress.detect.Candidate;
import org.rareegress.detect.DetectorSettings;
import org.rareegress.detect.ProcessState;
import org.rareegress.detect.ProcessTracker;

/**
 * Node {@value Names#TRACK_PROCESS_PREVALENCE}: the hunt's state. Receives the kept events in event-time
 * order from {@value Names#ORDER_BY_EVENT_TIME}, with the moves of the task's clock; keeps stream time
 * (in nanoseconds), drops late events, lets due expiry checks and confirmations fire in time order as
 * stream time advances, then applies each event.
 *
 * <p>Everything it remembers is in state stores, so a restart (or a move to another instance)
 * resumes exactly: stream time and warm-up start in {@value Names#TASK_CLOCK_STORE} ({@link TaskClock}), per-process
 * state in {@value Names#PROCESS_PREVALENCE_STORE} ({@link ProcessStates}), pending checks in
 * {@value Names#EXPIRY_SCHEDULE_STORE} ({@link ExpirySchedule}), the index of processes by last-seen time and the
 * storm window in {@value Names#TRACKER_BOUNDS_STORE}. Due work is driven by the ordered events and clock moves, not
 * by punctuation, so every run of the same input gives the same outputs whatever the partitioning, commit interval
 * or poll batching.
 *
 * <p>Two bounds hold whatever the input: at most {@code detector.max-tracked-processes} processes
 * ({@link TrackedProcesses} evicts the least recently seen, with its refined dimensions), and at most
 * {@code alert.storm-threshold} NEW_RARE alerts of the process dimension per storm window ({@link StoredAlertStorm};
 * the rest are named in one STORM alert). Both are per task. Refined dimensions are bounded per process by
 * {@code detector.max-values-per-process} instead, and judged only for prevalent processes
 * ({@link RefinedDimensionSteps}). What the trackers decide goes out through {@link TrackerOutputs}.
 */
final class TrackProcessPrevalence implements Processor<String, Ordered, String, DetectorOutput> {
    private final ProcessTracker tracker;
    private final long warmup;
    private final DetectorSettings settings;
    private final DetectorMetrics metrics;
    /** process-port, process-hash, process-asn as configured; none by default. */
    private final RefinedDimensions refined;

    private ProcessStates processes;
    private TaskClock clock;
    private ExpirySchedule schedule;
    private TrackedProcesses tracked;
    private TrackerOutputs output;
    private RefinedDimensionSteps dimensions;

    TrackProcessPrevalence(ProcessTracker tracker, DetectorSettings settings, DetectorMetrics metrics) {
        this(tracker, settings, metrics, RefinedDimensions.NONE);
    }

    TrackProcessPrevalence(ProcessTracker tracker, DetectorSettings settings, DetectorMetrics metrics,
                           RefinedDimensions refined) {
        this.refined = refined;
        this.tracker = tracker;
        this.warmup = settings.warmupNanos();
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, DetectorOutput> context) {
        this.processes = new ProcessStates(context.getStateStore(Names.PROCESS_PREVALENCE_STORE),
                new ProcessStateCodec(tracker.threshold()), new DimensionStateCodec(tracker.threshold()), metrics);
        this.clock = new TaskClock(context.getStateStore(Names.TASK_CLOCK_STORE));
        KeyValueStore<Bytes, byte[]> bounds = context.getStateStore(Names.TRACKER_BOUNDS_STORE);
        this.tracked = new TrackedProcesses(bounds, processes, settings.maxTrackedProcesses(), metrics);
        processes.onDiscard(tracked::removed);
        tracked.init();
        this.schedule = new ExpirySchedule(context.getStateStore(Names.EXPIRY_SCHEDULE_STORE));
        clock.adoptSettings(tracker, this::rescheduleEveryProcess);
        this.output = new TrackerOutputs(context, metrics, schedule, new StoredAlertStorm(bounds, settings));
        this.dimensions = new RefinedDimensionSteps(refined, tracker, processes, schedule, output);
    }

    @Override
    public void process(Record<String, Ordered> record) {
        output.stampWith(record.timestamp());
        if (record.value() instanceof Ordered.Advance advance) {
            clock.warmupFrom(advance.warmupFrom());
            advanceTo(advance.time());
            return;
        }
        // An unforeseen failure on one event reaches the processing exception handler for that event alone
        // (DeadLetterOnProcessingError): the events released after it in the same pass are still processed.
        Ordered.Event ordered = (Ordered.Event) record.value();
        clock.warmupFrom(ordered.warmupFrom());
        apply(record.key(), ordered.candidate());
    }

    private void apply(String process, Candidate event) {
        long time = event.timestampNanos();
        if (clock.streamTime() != Long.MIN_VALUE && time <= tracker.lateCutoff(clock.streamTime())) {
            metrics.countLate();
            return;
        }
        advanceTo(time);
        long now = clock.streamTime();
        boolean alertsEnabled = clock.warmedUp(warmup);
        ProcessState state = processes.load(process);
        boolean created = state == null;
        if (created) {
            state = tracker.newState();
        }
        tracker.onEvent(process, state, event, now, alertsEnabled, output);
        scheduleAndStore(process, state);
        if (dimensions.any()) {
            dimensions.onEvent(process, state, event, now, alertsEnabled);
        }
        if (created && !state.isEmpty()) {
            // Only a new process touches the index (see TrackedProcesses): a known one costs nothing here. Last,
            // so that evicting the new process itself (all at one instant, its name first) takes its dimensions too.
            tracked.added(process, state.devices().newestLastSeen());
            tracked.evictOverflow(this::evict);
        }
    }

    /** Stream time moves to {@code time} if that is ahead: what falls due on the way fires first. */
    private void advanceTo(long time) {
        if (time > clock.streamTime()) {
            schedule.fireDue(time, this::fire);
            clock.moveTo(time);
            tracked.sweep(tracker.lateCutoff(time));
            output.advanceStormTo(time);
        }
    }

    /** A due expiry check or confirmation, each at its own due time. */
    private void fire(ScheduleKey due) {
        if (DimensionKeys.isDimensionKey(due.process())) {
            dimensions.fire(due);
            return;
        }
        ProcessState state = processes.load(due.process());
        if (state == null) {
            return;
        }
        if (state.scheduledAt() == due.dueAt() && due.kind() == ScheduleKey.Kind.CHECK) {
            state.scheduledAt(Long.MAX_VALUE);
        }
        if (due.kind() == ScheduleKey.Kind.CHECK) {
            tracker.onCheck(due.process(), state, due.dueAt(), output);
        } else {
            tracker.confirm(due.process(), state, due.dueAt(), output);
        }
        scheduleAndStore(due.process(), state);
        if (state.isEmpty()) {
            tracked.removed();
        }
        if (dimensions.any()) {
            dimensions.followProcess(due.process(), state, due.dueAt());
        }
    }

    private void scheduleAndStore(String process, ProcessState state) {
        if (!state.isEmpty()) {
            state.scheduledAt(schedule.checkBy(process, tracker.nextCheck(state), state.scheduledAt()));
        }
        processes.store(process, state);
    }

    /**
     * Forgets a process to keep the task within its bound: its state and schedule entries, its table row, and
     * the states and rows of its refined dimensions. A held NEW_RARE goes with it. If it comes back, it is a new
     * episode, as after leaving the window.
     */
    private void evict(String process, ProcessState state) {
        if (state.rowPublished()) {
            output.row(process, null);
        }
        if (state.scheduledAt() != Long.MAX_VALUE) {
            schedule.remove(new ScheduleKey(state.scheduledAt(), ScheduleKey.Kind.CHECK, process));
        }
        if (state.pending() != null) {
            schedule.remove(new ScheduleKey(state.pending().dueAt(), ScheduleKey.Kind.CONFIRM, process));
        }
        processes.delete(process);
        dimensions.evict(process);
    }

    /** A shorter window on start: each stored process (and dimension) gets its next check as of now. */
    private void rescheduleEveryProcess() {
        processes.forEach((process, state) -> {
            long next = tracker.nextCheck(state);
            if (next != Long.MAX_VALUE) {
                schedule.add(new ScheduleKey(next, ScheduleKey.Kind.CHECK, process));
                state.scheduledAt(Math.min(state.scheduledAt(), next));
                processes.store(process, state);
            }
        });
        if (refined.any()) {
            RefinedDimensionSteps.rescheduleAll(refined, processes, schedule);
        }
    }
}
