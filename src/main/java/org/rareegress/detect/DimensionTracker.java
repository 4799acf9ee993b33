package org.rareegress.detect;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The refined dimensions (process-port, process-hash, process-asn), for one program and one dimension at a
 * time: each value counts distinct devices over the window as a process does, and is judged (alerted, shown
 * in the table) only while the program itself is prevalent and has at most {@code detector.max-values-per-process}
 * values in the window. Pure logic, like {@link ProcessTracker}: the caller loads and stores the
 * {@link DimensionState}, tells whether the process is prevalent, and schedules {@link #nextCheck}.
 */
public final class DimensionTracker {
    private final long window;
    private final int threshold;
    private final int maxValues;
    private final DetectorSettings settings;
    private final ProcessWindow valueWindow;
    private final OutputComposer composer;

    public DimensionTracker(DetectorSettings settings) {
        this.settings = settings;
        this.window = settings.windowNanos();
        this.threshold = settings.threshold();
        this.maxValues = settings.maxValuesPerProcess();
        this.valueWindow = new ProcessWindow(window, threshold,
                Math.min(settings.evidenceCap(), DetectorSettings.REFINED_EVIDENCE_CAP));
        this.composer = new OutputComposer(window, threshold);
    }

    /** Where the results go: alerts and rows as for a process, and held NEW_RAREs of a (dimension, process). */
    public interface Output extends ProcessTracker.Output {
        void confirmAt(Dimension dimension, String process, long dueAt);
    }

    /** The table-topic key of a refined key's row: {@code <dimension>/<process>/<value>} (no file name holds a '/'). */
    public static String tableKey(Dimension dimension, String process, String value) {
        return dimension.key() + "/" + process + "/" + value;
    }

    /** The table-topic key of the row saying the dimension is not informative for the program. */
    public static String tableKey(Dimension dimension, String process) {
        return dimension.key() + "/" + process;
    }

    /**
     * Applies a kept, not-late event at stream time {@code now}, after the process's own state took it.
     *
     * @param value           the event's value in this dimension, or null when it has none
     * @param processState    the process's state as just updated (its facts fill the not-informative row)
     * @param processPrevalent whether the process has at least N devices in the window now
     */
    public void onEvent(Dimension dimension, String process, DimensionState state, Candidate event, String value,
                        ProcessState processState, boolean processPrevalent, long now, boolean alertsEnabled,
                        Output out) {
        List<String> changed = expire(dimension, process, state, now, out);
        ProcessState valueState = null;
        if (value != null) {
            valueState = state.values.remove(value);
            if (valueState == null) {
                valueState = new ProcessState(threshold);
            }
            // Re-inserted last: the map runs from the least to the most recently seen value.
            state.values.put(value, valueState);
            valueWindow.record(valueState, event);
            evictBeyondCap(dimension, process, state, out);
        }
        // A value dropped at once by the cap leaves the program not informative: nothing is judged.
        boolean judged = processPrevalent && isInformative(state);
        if (judged && valueState != null) {
            judge(dimension, process, value, valueState, event, now, alertsEnabled, out);
        }
        sync(dimension, process, state, processState, processPrevalent, changed, judged ? value : null, now, out);
    }

    /** Stream time has reached {@code now}: forgets what left the window and brings the table up to date. */
    public void onCheck(Dimension dimension, String process, DimensionState state, ProcessState processState,
                        boolean processPrevalent, long now, Output out) {
        List<String> changed = expire(dimension, process, state, now, out);
        sync(dimension, process, state, processState, processPrevalent, changed, null, now, out);
    }

    /** Held NEW_RAREs due at {@code now} are published if their value is still judged and still rare. */
    public void confirm(Dimension dimension, String process, DimensionState state, ProcessState processState,
                        boolean processPrevalent, long now, Output out) {
        onCheck(dimension, process, state, processState, processPrevalent, now, out);
        boolean judged = processPrevalent && isInformative(state);
        for (Map.Entry<String, ProcessState> entry : state.values.entrySet()) {
            ProcessState valueState = entry.getValue();
            PendingAlert pending = valueState.pending;
            if (pending == null || pending.dueAt() > now) {
                continue;
            }
            valueState.pending = null;
            if (judged && valueWindow.isRare(valueState)) {
                publish(AlertType.NEW_RARE, dimension, process, entry.getKey(), valueState, pending.trigger(),
                        List.of("Process"), pending.detectedAt(), now, now, out);
            }
        }
    }

    /** Ends everything of a (dimension, process) no longer tracked: its rows leave the table; the state is emptied. */
    public static void retire(Dimension dimension, String process, DimensionState state, ProcessTracker.Output out) {
        state.values.forEach((value, valueState) -> {
            if (valueState.rowPublished) {
                out.row(tableKey(dimension, process, value), null);
            }
        });
        state.values.clear();
        if (state.notInformativeRowPublished) {
            out.row(tableKey(dimension, process), null);
            state.notInformativeRowPublished = false;
        }
    }

    /** When expiry alone next changes something; MAX_VALUE when nothing will. */
    public long nextCheck(DimensionState state) {
        long next = Long.MAX_VALUE;
        for (ProcessState valueState : state.values.values()) {
            next = Math.min(next, valueWindow.nextCheck(valueState));
        }
        return next;
    }

    /** The table rows of this (dimension, process) at {@code asOf}: what {@link #sync} keeps published. */
    public List<HuntRow> rows(Dimension dimension, String process, DimensionState state, ProcessState processState,
                              boolean processPrevalent, long asOf) {
        List<HuntRow> rows = new ArrayList<>();
        for (Iterator<ProcessState> values = state.values.values().iterator(); values.hasNext(); ) {
            ProcessState valueState = values.next();
            valueWindow.expire(valueState, asOf);
            if (valueState.isEmpty()) {
                values.remove();
            }
        }
        if (!processPrevalent) {
            return rows;
        }
        if (!isInformative(state)) {
            rows.add(composer.row(process, processState, asOf).notInformative(dimension, state.values.size()));
            return rows;
        }
        state.values.forEach((value, valueState) -> {
            if (valueWindow.isRare(valueState)) {
                rows.add(composer.row(process, valueState, asOf).refinedBy(dimension, value));
            }
        });
        return rows;
    }

    private boolean isInformative(DimensionState state) {
        return state.values.size() <= maxValues;
    }

    /** Forgets what left the window; a value left without devices goes, with its row. Returns the values changed. */
    private List<String> expire(Dimension dimension, String process, DimensionState state, long now, Output out) {
        List<String> changed = new ArrayList<>();
        for (Iterator<Map.Entry<String, ProcessState>> entries = state.values.entrySet().iterator(); entries.hasNext(); ) {
            Map.Entry<String, ProcessState> entry = entries.next();
            ProcessState valueState = entry.getValue();
            if (valueWindow.expire(valueState, now)) {
                changed.add(entry.getKey());
            }
            if (valueState.isEmpty()) {
                if (valueState.rowPublished) {
                    out.row(tableKey(dimension, process, entry.getKey()), null);
                }
                entries.remove();
            }
        }
        return changed;
    }

    /**
     * Keeps the {@code maxValues + 1} most recently seen values. Every value left is in the window (expiry ran
     * first), so dropping one happens only when the dimension is not informative; and a dropped value's devices
     * are older than those of every value kept, so while any of them is still in the window so are more than
     * {@code maxValues} values: the dimension stays not informative, and nothing dropped is ever missed.
     * The value of the event just recorded is no exception: an event processed out of order (behind
     * {@code detector.max-out-of-orderness}) can leave its value the least recently seen, and keeping it in
     * place of a newer one would let the program look informative while the newer value is still in the window.
     */
    private void evictBeyondCap(Dimension dimension, String process, DimensionState state, Output out) {
        while (state.values.size() > maxValues + 1) {
            String oldest = null;
            long oldestSeen = Long.MAX_VALUE;
            for (Map.Entry<String, ProcessState> entry : state.values.entrySet()) {
                long seen = entry.getValue().devices.newestLastSeen();
                if (seen < oldestSeen) {
                    oldest = entry.getKey();
                    oldestSeen = seen;
                }
            }
            ProcessState dropped = state.values.remove(oldest);
            if (dropped.rowPublished) {
                out.row(tableKey(dimension, process, oldest), null);
            }
        }
    }

    /** The event's value, judged: the same decisions as {@link ProcessTracker#onEvent} for a process. */
    private void judge(Dimension dimension, String process, String value, ProcessState valueState, Candidate event,
                       long now, boolean alertsEnabled, Output out) {
        if (!valueWindow.isRare(valueState)) {
            valueState.pending = null;
            if (valueState.alerted != null) {
                publish(AlertType.NO_LONGER_RARE, dimension, process, value, valueState, event, List.of("Device"), now,
                        now, null, out);
                valueState.alerted = null;
            }
            if (valueState.rowPublished) {
                out.row(tableKey(dimension, process, value), null);
                valueState.rowPublished = false;
            }
            valueWindow.pruneBehindThreshold(valueState);
            return;
        }
        out.row(tableKey(dimension, process, value), composer.row(process, valueState, now).refinedBy(dimension, value));
        valueState.rowPublished = true;
        if (!alertsEnabled || valueState.pending != null) {
            return;
        }
        if (valueState.alerted == null) {
            long confirmAfter = settings.confirmAfterNanos(dimension);
            if (confirmAfter == 0) {
                publish(AlertType.NEW_RARE, dimension, process, value, valueState, event, List.of("Process"), now, now,
                        null, out);
            } else {
                valueState.pending = new PendingAlert(ProcessWindow.saturatedAdd(now, confirmAfter), now, event);
                out.confirmAt(dimension, process, valueState.pending.dueAt());
            }
            return;
        }
        AlertFacts.Trigger added = valueState.alerted.newIn(event);
        if (added.any()) {
            publish(AlertType.UPDATED, dimension, process, value, valueState, event, added.names(), now, now, null, out);
        }
    }

    /**
     * Brings the table in line with what is judged now: rows of rare values while the program is prevalent and
     * the dimension informative, else none (an episode ends silently: the process's own alert, or the
     * not-informative row, takes over); the not-informative row while the program is prevalent and too diverse.
     */
    private void sync(Dimension dimension, String process, DimensionState state, ProcessState processState,
                      boolean processPrevalent, List<String> changed, String alreadyJudged, long now, Output out) {
        boolean informative = isInformative(state);
        boolean judged = processPrevalent && informative;
        for (Map.Entry<String, ProcessState> entry : state.values.entrySet()) {
            String value = entry.getKey();
            ProcessState valueState = entry.getValue();
            if (value.equals(alreadyJudged)) {
                continue;
            }
            if (judged && valueWindow.isRare(valueState)) {
                if (!valueState.rowPublished || changed.contains(value)) {
                    out.row(tableKey(dimension, process, value),
                            composer.row(process, valueState, now).refinedBy(dimension, value));
                    valueState.rowPublished = true;
                }
                continue;
            }
            if (valueState.rowPublished) {
                out.row(tableKey(dimension, process, value), null);
                valueState.rowPublished = false;
            }
            if (!judged) {
                valueState.alerted = null;
                valueState.pending = null;
            }
        }
        boolean notInformativeRow = processPrevalent && !informative;
        if (notInformativeRow && !state.notInformativeRowPublished) {
            out.row(tableKey(dimension, process),
                    composer.row(process, processState, now).notInformative(dimension, state.values.size()));
            state.notInformativeRowPublished = true;
        } else if (!notInformativeRow && state.notInformativeRowPublished) {
            out.row(tableKey(dimension, process), null);
            state.notInformativeRowPublished = false;
        }
    }

    private void publish(AlertType type, Dimension dimension, String process, String value, ProcessState valueState,
                         Candidate trigger, List<String> newFacts, long detectedAt, long evaluatedAt, Long confirmedAt,
                         Output out) {
        HuntRow facts = composer.row(process, valueState, evaluatedAt).refinedBy(dimension, value);
        String idKey = dimension.key() + '\u001f' + process + '\u001f' + value;
        Alert alert = composer.alertWithIdKey(type, idKey, facts, trigger, newFacts, detectedAt, evaluatedAt, confirmedAt);
        if (type != AlertType.NO_LONGER_RARE) {
            valueState.alerted = AlertFacts.shownIn(facts);
        }
        out.alert(alert);
    }
}
