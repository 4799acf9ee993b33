package org.rareegress.detect;

import java.util.List;

/**
 * The hunt, for one process at a time: how a kept event, the passing of stream time and a due
 * confirmation change a {@link ProcessState}, and which alerts and table changes follow. Pure
 * logic: the caller loads and stores state, keeps stream time and schedules {@link #nextCheck}.
 * This class makes the decisions; {@link ProcessWindow} keeps the state to the window and
 * {@link OutputComposer} builds the rows and alerts.
 *
 * <p>Window semantics: at time {@code t} a device or an evidence value is in the window when its
 * last-seen time lies in {@code (t - W, t]}.
 */
public final class ProcessTracker {
    private final long window;
    private final int threshold;
    private final long confirmAfter;
    private final ProcessWindow processWindow;
    private final OutputComposer composer;

    public ProcessTracker(DetectorSettings settings) {
        this.window = settings.windowNanos();
        this.threshold = settings.threshold();
        this.confirmAfter = settings.confirmAfterNanos();
        this.processWindow = new ProcessWindow(window, threshold, settings.evidenceCap());
        this.composer = new OutputComposer(window, threshold);
    }

    /** Where the tracker's results go. */
    public interface Output {
        void alert(Alert alert);

        /** A new or changed table row; {@code row} null removes the process from the table. */
        void row(String process, HuntRow row);

        /** A NEW_RARE alert is held until {@code dueAt}: call {@link #confirm} then. */
        void confirmAt(String process, long dueAt);

        /**
         * A NEW_RARE of {@code process} is about to be published at stream time {@code at}: alert-storm
         * protection ({@link AlertStorm}) may suppress it.
         *
         * @return {@link Long#MIN_VALUE} to publish it; else the end of the storm window that suppressed it
         */
        default long newRareSuppressedUntil(String process, long at) {
            return Long.MIN_VALUE;
        }
    }

    public ProcessState newState() {
        return new ProcessState(threshold);
    }

    public int threshold() {
        return threshold;
    }

    public long window() {
        return window;
    }

    /** An event at or before this time is late when stream time is {@code streamTime}. */
    public long lateCutoff(long streamTime) {
        return streamTime - window;
    }

    /**
     * Applies a kept, not-late event at stream time {@code now}.
     *
     * @param alertsEnabled false during warm-up: state and table build, no alert is published
     */
    public void onEvent(String process, ProcessState state, Candidate event, long now, boolean alertsEnabled, Output out) {
        expire(state, now);
        processWindow.record(state, event);

        if (!isRare(state)) {
            // The NO_LONGER_RARE alert shows the whole window's evidence: prune only after it.
            becomePrevalent(process, state, event, now, out);
            processWindow.pruneBehindThreshold(state);
            return;
        }
        out.row(process, row(process, state, now));
        state.rowPublished = true;
        if (!alertsEnabled || state.pending != null) {
            // A held NEW_RARE already covers this event: it shows the facts as of its confirmation.
            return;
        }
        if (state.alerted == null) {
            if (now < state.suppressedUntil) {
                // Its NEW_RARE was suppressed in this storm window, and is counted once in its STORM alert.
                return;
            }
            if (confirmAfter == 0) {
                publishNewRare(process, state, event, now, now, null, out);
            } else {
                state.pending = new PendingAlert(ProcessWindow.saturatedAdd(now, confirmAfter), now, event);
                out.confirmAt(process, state.pending.dueAt());
            }
            return;
        }
        AlertFacts.Trigger added = state.alerted.newIn(event);
        if (added.any()) {
            publish(AlertType.UPDATED, process, state, event, added.names(), now, now, null, out);
        }
    }

    /**
     * Stream time has reached {@code now}: forgets what left the window and updates the table.
     * A state left empty must be deleted by the caller ({@link ProcessState#isEmpty()}).
     */
    public void onCheck(String process, ProcessState state, long now, Output out) {
        boolean wasRare = state.rowPublished;
        boolean changed = expire(state, now);
        if (state.isEmpty()) {
            // Gone from the window entirely: the episode is over; a return is a new NEW_RARE.
            if (state.rowPublished) {
                out.row(process, null);
                state.rowPublished = false;
            }
            state.alerted = null;
            state.pending = null;
            state.suppressedUntil = Long.MIN_VALUE;
            return;
        }
        if (isRare(state) && (changed || !wasRare)) {
            out.row(process, row(process, state, now));
            state.rowPublished = true;
        }
    }

    /** A held NEW_RARE is due at {@code now}; it is published if it was not cancelled meanwhile. */
    public void confirm(String process, ProcessState state, long now, Output out) {
        PendingAlert pending = state.pending;
        if (pending == null || pending.dueAt() > now) {
            return;
        }
        onCheck(process, state, now, out);
        state.pending = null;
        if (isRare(state)) {
            publishNewRare(process, state, pending.trigger(), pending.detectedAt(), now, now, out);
        }
    }

    /** When expiry alone next changes something that matters; MAX_VALUE when nothing will. */
    public long nextCheck(ProcessState state) {
        return processWindow.nextCheck(state);
    }

    /**
     * Whether the process has at least N devices in the window ending at {@code now}, without changing the
     * state: what the refined dimensions need to know before they judge a value.
     */
    public boolean isPrevalentAt(ProcessState state, long now) {
        if (state == null) {
            return false;
        }
        long cutoff = now - window;
        int inWindow = 0;
        for (int i = 0; i < state.devices.size(); i++) {
            if (state.devices.lastSeen(i) > cutoff) {
                inWindow++;
            }
        }
        return inWindow >= threshold;
    }

    public boolean isRare(ProcessState state) {
        return processWindow.isRare(state);
    }

    /**
     * The hunt-table row of a rare process at {@code asOf}, or null when it is not rare then.
     * The state must have been expired to {@code asOf} (see {@link #expire}).
     */
    public HuntRow rowIfRare(String process, ProcessState state, long asOf) {
        expire(state, asOf);
        return isRare(state) ? row(process, state, asOf) : null;
    }

    /** Forgets devices and evidence last seen at or before {@code now - W}; returns whether anything went. */
    public boolean expire(ProcessState state, long now) {
        return processWindow.expire(state, now);
    }

    private void becomePrevalent(String process, ProcessState state, Candidate event, long now, Output out) {
        // A held NEW_RARE that did not survive its confirmation period is dropped without a word.
        state.pending = null;
        state.suppressedUntil = Long.MIN_VALUE;
        if (state.alerted != null) {
            publish(AlertType.NO_LONGER_RARE, process, state, event, List.of("Device"), now, now, null, out);
            state.alerted = null;
        }
        if (state.rowPublished) {
            out.row(process, null);
            state.rowPublished = false;
        }
    }

    /**
     * Publishes a NEW_RARE unless alert-storm protection suppresses it: then the process stays unalerted, with its
     * state and table row, until the storm window ends; its next kept event after that raises the NEW_RARE.
     */
    private void publishNewRare(String process, ProcessState state, Candidate trigger, long detectedAt, long evaluatedAt,
                                Long confirmedAt, Output out) {
        long suppressedUntil = out.newRareSuppressedUntil(process, evaluatedAt);
        state.suppressedUntil = suppressedUntil;
        if (suppressedUntil == Long.MIN_VALUE) {
            publish(AlertType.NEW_RARE, process, state, trigger, List.of("Process"), detectedAt, evaluatedAt, confirmedAt,
                    out);
        }
    }

    private void publish(AlertType type, String process, ProcessState state, Candidate trigger, List<String> newFacts,
                         long detectedAt, long evaluatedAt, Long confirmedAt, Output out) {
        HuntRow facts = composer.row(process, state, evaluatedAt);
        Alert alert = composer.alert(type, process, facts, trigger, newFacts, detectedAt, evaluatedAt, confirmedAt);
        if (type != AlertType.NO_LONGER_RARE) {
            state.alerted = AlertFacts.shownIn(facts);
        }
        out.alert(alert);
    }

    HuntRow row(String process, ProcessState state, long asOf) {
        return composer.row(process, state, asOf);
    }
}
