package org.rareegress.topology;

import org.rareegress.detect.Candidate;
import org.rareegress.detect.Dimension;
import org.rareegress.detect.DimensionState;
import org.rareegress.detect.DimensionTracker;
import org.rareegress.detect.ProcessState;
import org.rareegress.detect.ProcessTracker;

/**
 * The refined dimensions' part of each step of {@link TrackProcessPrevalence}: an event, a due check or
 * confirmation of a (dimension, process), a check of the process itself, an eviction, a shorter window.
 * Each (dimension, process) has its own state and schedule entries under its {@link DimensionKeys} key; the
 * process's own state says whether it is prevalent, and only a prevalent process is refined.
 */
final class RefinedDimensionSteps {
    private final RefinedDimensions refined;
    private final ProcessTracker tracker;
    private final ProcessStates processes;
    private final ExpirySchedule schedule;
    private final TrackerOutputs output;

    RefinedDimensionSteps(RefinedDimensions refined, ProcessTracker tracker, ProcessStates processes,
                          ExpirySchedule schedule, TrackerOutputs output) {
        this.refined = refined;
        this.tracker = tracker;
        this.processes = processes;
        this.schedule = schedule;
        this.output = output;
    }

    /** Whether any is configured (none by default, and then nothing here runs). */
    boolean any() {
        return refined.any();
    }

    /** An event of {@code process}, already applied to the process's {@code state}. */
    void onEvent(String process, ProcessState state, Candidate event, long now, boolean alertsEnabled) {
        boolean prevalent = tracker.isPrevalentAt(state, now);
        for (Dimension dimension : refined.dimensions()) {
            String key = DimensionKeys.of(dimension, process);
            DimensionState dimensionState = processes.loadDimension(key);
            if (dimensionState == null) {
                dimensionState = new DimensionState();
            }
            refined.tracker().onEvent(dimension, process, dimensionState, event,
                    dimension.valueOf(event, refined.asns()), state, prevalent, now, alertsEnabled, output);
            scheduleAndStore(key, dimensionState);
        }
    }

    /**
     * A due check or confirmation of a (dimension, process); the process's own state says whether it is
     * prevalent then. A check of the process itself also brings its dimensions up to date ({@link #followProcess}).
     */
    void fire(ScheduleKey due) {
        DimensionState state = processes.loadDimension(due.process());
        if (state == null) {
            return;
        }
        Dimension dimension = DimensionKeys.dimension(due.process());
        String process = DimensionKeys.process(due.process());
        if (!refined.dimensions().contains(dimension)) {
            // State of a dimension since turned off: its rows leave the table, the state goes.
            DimensionTracker.retire(dimension, process, state, output);
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
            refined.tracker().onCheck(dimension, process, state, processState, prevalent, due.dueAt(), output);
        } else {
            refined.tracker().confirm(dimension, process, state, processState, prevalent, due.dueAt(), output);
        }
        scheduleAndStore(due.process(), state);
    }

    /** After a check of the process: its dimensions follow it (a process turned rare is no longer refined). */
    void followProcess(String process, ProcessState processState, long now) {
        boolean prevalent = tracker.isPrevalentAt(processState, now);
        for (Dimension dimension : refined.dimensions()) {
            String key = DimensionKeys.of(dimension, process);
            DimensionState state = processes.loadDimension(key);
            if (state != null) {
                refined.tracker().onCheck(dimension, process, state, processState, prevalent, now, output);
                scheduleAndStore(key, state);
            }
        }
    }

    /** The process is evicted: the states, schedule entries and rows of its dimensions go, configured or not. */
    void evict(String process) {
        for (Dimension dimension : Dimension.values()) {
            if (dimension != Dimension.PROCESS) {
                evict(dimension, process);
            }
        }
    }

    private void evict(Dimension dimension, String process) {
        String key = DimensionKeys.of(dimension, process);
        DimensionState state = processes.loadDimension(key);
        if (state == null) {
            return;
        }
        if (state.scheduledAt() != Long.MAX_VALUE) {
            schedule.remove(new ScheduleKey(state.scheduledAt(), ScheduleKey.Kind.CHECK, key));
        }
        state.values().values().forEach(value -> {
            if (value.pending() != null) {
                schedule.remove(new ScheduleKey(value.pending().dueAt(), ScheduleKey.Kind.CONFIRM, key));
            }
        });
        DimensionTracker.retire(dimension, process, state, output);
        processes.storeDimension(key, state);
    }

    /**
     * A shorter window: each stored (dimension, process) gets its next check as of now. Static, as it runs on
     * start before the outputs exist.
     */
    static void rescheduleAll(RefinedDimensions refined, ProcessStates processes, ExpirySchedule schedule) {
        processes.forEachDimension((key, state) -> {
            long next = refined.tracker().nextCheck(state);
            if (next != Long.MAX_VALUE) {
                schedule.add(new ScheduleKey(next, ScheduleKey.Kind.CHECK, key));
                state.scheduledAt(Math.min(state.scheduledAt(), next));
                processes.storeDimension(key, state);
            }
        });
    }

    private void scheduleAndStore(String key, DimensionState state) {
        state.scheduledAt(schedule.checkBy(key, refined.tracker().nextCheck(state), state.scheduledAt()));
        processes.storeDimension(key, state);
    }
}
