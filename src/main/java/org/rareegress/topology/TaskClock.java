package org.rareegress.topology;

import java.time.Duration;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rareegress.detect.ProcessTracker;

/**
 * The task's clock in {@value Names#TASK_CLOCK_STORE}: stream time (nanoseconds), the earliest kept Timestamp that
 * warm-up counts from, and what the stored state was built under (semantics version, threshold, window), so that
 * a restart resumes exactly and refuses state it cannot go on from.
 */
final class TaskClock {
    private final KeyValueStore<String, Long> store;
    private long streamTime;
    private long firstKept;

    /** Reads the clock back, refusing state of another semantics version. */
    TaskClock(KeyValueStore<String, Long> store) {
        this.store = store;
        Long storedTime = store.get(Names.STREAM_TIME_KEY);
        Long storedFirst = store.get(Names.FIRST_KEPT_KEY);
        this.streamTime = storedTime == null ? Long.MIN_VALUE : storedTime;
        this.firstKept = storedFirst == null ? Long.MAX_VALUE : storedFirst;
        requireSemanticsVersion();
    }

    /**
     * State built before event-time order (semantics version 1) made its decisions in another order; going
     * on from it would mix two semantics silently, so it is refused with what to do instead.
     */
    private void requireSemanticsVersion() {
        Long version = store.get(Names.SEMANTICS_KEY);
        if (version == null && store.get(Names.STREAM_TIME_KEY) != null || version != null && version != Names.SEMANTICS_VERSION) {
            throw new IllegalStateException("The state of this application was built by a release with detection"
                    + " semantics version " + (version == null ? 1 : version) + "; this release implements version "
                    + Names.SEMANTICS_VERSION + " (event-time order across partitions) and cannot continue from it."
                    + " Deploy under a new kafka.application.id and reprocess the input (docs/operations.md, Upgrading).");
        }
        store.put(Names.SEMANTICS_KEY, Names.SEMANTICS_VERSION);
    }

    /**
     * State built under one threshold and window holds what those need, not more: the N newest devices,
     * the evidence of the window. Raising the threshold or lengthening the window would make decisions
     * on missing devices (false NEW_RARE floods), so it is refused; lowering them is exact and applied
     * at once: a shorter window runs {@code rescheduleEveryProcess} (each process's next expiry comes earlier).
     */
    void adoptSettings(ProcessTracker tracker, Runnable rescheduleEveryProcess) {
        Long threshold = store.get(Names.THRESHOLD_KEY);
        Long window = store.get(Names.WINDOW_KEY);
        if (threshold != null && tracker.threshold() > threshold) {
            throw new IllegalStateException("detector.threshold was raised from " + threshold + " to " + tracker.threshold()
                    + " on existing state, which keeps only the " + threshold + " newest devices of each process and"
                    + " cannot decide rarity at " + tracker.threshold() + ". Deploy under a new kafka.application.id and"
                    + " reprocess the input (docs/operations.md, Upgrading), or keep the old threshold.");
        }
        if (window != null && tracker.window() > window) {
            throw new IllegalStateException("detector.window was lengthened from " + Duration.ofNanos(window)
                    + " to " + Duration.ofNanos(tracker.window()) + " on existing state, which has already"
                    + " forgotten what fell out of the old window. Deploy under a new kafka.application.id and reprocess"
                    + " the input (docs/operations.md, Upgrading), or keep the old window.");
        }
        if (window != null && tracker.window() < window) {
            rescheduleEveryProcess.run();
        }
        store.put(Names.THRESHOLD_KEY, (long) tracker.threshold());
        store.put(Names.WINDOW_KEY, tracker.window());
    }

    /** Long.MIN_VALUE before the first event. */
    long streamTime() {
        return streamTime;
    }

    /** Stream time moves to {@code time}, which the caller has checked is ahead. */
    void moveTo(long time) {
        streamTime = time;
        store.put(Names.STREAM_TIME_KEY, streamTime);
    }

    /** Warm-up counts from the earliest kept Timestamp of the whole input, which only moves earlier. */
    void warmupFrom(long earliest) {
        if (earliest < firstKept) {
            firstKept = earliest;
            store.put(Names.FIRST_KEPT_KEY, firstKept);
        }
    }

    /** Whether {@code warmup} nanoseconds of stream time have passed since the earliest kept Timestamp. */
    boolean warmedUp(long warmup) {
        return firstKept != Long.MAX_VALUE && streamTime - firstKept >= warmup;
    }
}
