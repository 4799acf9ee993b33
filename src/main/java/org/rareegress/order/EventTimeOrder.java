package org.rareegress.order;

import java.util.Arrays;
import java.util.function.IntSupplier;
import org.rareegress.detect.Candidate;

/**
 * Puts the kept events of one stateful task in event-time order, whatever partition, reader or instance
 * they came through. Each source reports its progress (with every kept event it sends, and on its own);
 * the task's watermark is the lowest watermark of its sources, idle ones aside. A kept event waits in
 * {@link HeldEvents} until the watermark has passed its Timestamp, then goes on in
 * {@link CandidateOrder#EVENT_TIME} order. The watermark is exclusive: events stamped exactly at it may
 * still come, so an event exactly {@code D} behind the newest of its source is still in order, and with
 * {@code D = 0} events of one instant are still ordered by content.
 *
 * <p>Stream time follows the watermark: after each release, the task's clock moves to the watermark
 * (never past the newest kept event of the whole input), so expiry and confirmations fire on a task
 * whose own processes are quiet. An event that arrives behind the released watermark (disorder beyond
 * {@code D}, or a source back from idle) is processed at once and counted, never dropped for it.
 *
 * <p>An idle source is idle only as of its last confirmation ({@link SourceMessage#asOf}): while one is idle,
 * the others count only as far as they had come by then ({@link ProgressHistory}). A source that has data
 * again, or whose reader is gone (its task moving to another instance, or restarting), stops confirming, and
 * the watermark waits for it instead of running ahead of events it has not sent yet. Confirmations are not
 * state: after a restart an idle source holds the watermark until it confirms again.
 *
 * <p>Pure logic over {@link OrderState} and {@link HeldEvents}; the Kafka Streams node keeps both in
 * state stores, so a restart resumes with the same held events and marks. Held events are written as they
 * come and go; progress and the release mark change with nearly every message, so they are written by
 * {@link #persist()} (the node calls it a few times a second), and at once only when warm-up's start moves
 * or a source goes idle or comes back. What a crash loses of them is only progress, which the sources
 * report again: the watermark can only lag behind after a restart, which delays releases, never reorders.
 */
public final class EventTimeOrder {
    private final IntSupplier sourceCount;
    private final OrderState state;
    private final HeldEvents held;
    private final Downstream downstream;
    private SourceProgress[] sources;
    /** Per idle source, the wall-clock time up to which it is confirmed to have had nothing (MIN_VALUE: not since this object exists). */
    private long[] idleConfirmedUntil = new long[0];
    /**
     * How long an idle partition may go without a confirmation, while others keep telling the time, before it
     * is presumed to have no reader for now (an instance killed and not replaced) and stops holding the rest:
     * liveness over exactness. Its data, if any, then arrives behind the watermark and is processed at once
     * and counted. It must outlast every ordinary handover, or the handover itself loses the order: a graceful
     * close (up to {@code shutdown.timeout}, 30 s) followed by a rebalance, or a crash that waits for the group's
     * session timeout (45 s), each with a restore on a loaded machine (30 s was too short in TwoInstancesIT on a
     * two-core CI machine). docs/event-time-order.md says what it costs.
     */
    static final long STALE_CONFIRMATION_MILLIS = 180_000;
    /** The first and newest wall-clock times any message said it held as of (MIN_VALUE before any). */
    private long firstAsOf = Long.MIN_VALUE;
    private long newestAsOf = Long.MIN_VALUE;
    private ProgressHistory[] histories = new ProgressHistory[0];
    private final java.util.BitSet unsaved = new java.util.BitSet();
    private boolean releasedUnsaved;
    private long released;
    private long earliestHeld;
    private long clock = Long.MIN_VALUE;

    /** Where ordered events and clock moves go. */
    public interface Downstream {
        /**
         * The next event in order.
         *
         * @param warmupFrom the earliest kept Timestamp of the whole input known so far (warm-up counts from it)
         */
        void process(Candidate event, long warmupFrom);

        /** Every event before {@code time} has been processed: stream time may move to it. */
        void advanceTo(long time, long warmupFrom);

        /** {@code event} arrived behind the released watermark and is processed at once. */
        default void outOfOrder(Candidate event) {
        }
    }

    /**
     * @param sourceCount how many sources the input has (input partitions, input files): a source that has
     *                    not reported holds the watermark back, so a replay's first seconds wait for all of them
     */
    public EventTimeOrder(IntSupplier sourceCount, OrderState state, HeldEvents held, Downstream downstream) {
        this.sourceCount = sourceCount;
        this.state = state;
        this.held = held;
        this.downstream = downstream;
        this.sources = new SourceProgress[0];
        state.sources().forEach((id, progress) -> {
            grow(id);
            sources[id] = progress;
        });
        this.released = state.released();
        this.earliestHeld = held.earliest();
    }

    /**
     * A kept event from {@code source}, with the source's progress just before it was read, as of wall-clock
     * {@code asOf} (see {@link SourceMessage#asOf}).
     */
    public void onKept(int source, SourceProgress before, long asOf, Candidate event, long sequence) {
        SourceProgress known = merged(source, before.active());
        put(source, known);
        confirm(source, known, asOf);
        release();
        put(source, known.withKept(event.timestampNanos()));
        long time = event.timestampNanos();
        if (time < released) {
            downstream.outOfOrder(event);
            downstream.process(event, warmupFrom());
        } else {
            held.hold(event, sequence);
            earliestHeld = Math.min(earliestHeld, time);
        }
    }

    /** A progress report of {@code source} (active or idle) as of wall-clock {@code asOf}. */
    public void onProgress(int source, SourceProgress progress, long asOf) {
        SourceProgress known = merged(source, progress);
        put(source, known);
        confirm(source, known, asOf);
        release();
    }

    /** Writes what changed since the last call: progress of the sources that advanced, and the release mark. */
    public void persist() {
        for (int id = unsaved.nextSetBit(0); id >= 0; id = unsaved.nextSetBit(id + 1)) {
            state.source(id, sources[id]);
        }
        unsaved.clear();
        if (releasedUnsaved) {
            state.released(released);
            releasedUnsaved = false;
        }
    }

    /**
     * The lowest watermark of the sources that are not idle, each as far as it had come when every idle
     * source was last confirmed idle; an idle source that was busy after that confirmation counts too, as
     * far as it had come then (it may have delivered events that a source whose reader has since gone, and
     * whose last confirmation is older, can still undercut). When no source counts, just past the newest
     * kept event, so that everything held goes.
     */
    public long watermark() {
        int count = Math.max(sourceCount.getAsInt(), sources.length);
        long confirmedUntil = Long.MAX_VALUE;
        for (int id = 0; id < count; id++) {
            if (progress(id).idle() && !presumedGone(id)) {
                confirmedUntil = Math.min(confirmedUntil, idleConfirmedUntil[id]);
            }
        }
        long lowest = Long.MAX_VALUE;
        boolean anyCounts = false;
        for (int id = 0; id < count; id++) {
            SourceProgress progress = progress(id);
            if (!progress.idle()) {
                anyCounts = true;
                lowest = Math.min(lowest, confirmedUntil == Long.MAX_VALUE ? progress.watermark()
                        : watermarkAsOf(id, confirmedUntil));
            } else if (confirmedUntil != Long.MAX_VALUE && busyAfter(id, confirmedUntil)) {
                anyCounts = true;
                lowest = Math.min(lowest, watermarkAsOf(id, confirmedUntil));
            }
        }
        if (anyCounts) {
            return lowest;
        }
        long newest = newestKept();
        return newest == Long.MIN_VALUE || newest == Long.MAX_VALUE ? newest : newest + 1;
    }

    /** Events before this have been processed in order. */
    public long released() {
        return released;
    }

    /** The earliest kept Timestamp of the whole input known so far; MAX_VALUE before any. */
    public long warmupFrom() {
        long earliest = Long.MAX_VALUE;
        for (SourceProgress progress : sources) {
            if (progress != null) {
                earliest = Math.min(earliest, progress.minKept());
            }
        }
        return earliest;
    }

    /** Where the task's clock stands: the last time handed to {@link Downstream#advanceTo} since this object exists. */
    public long clock() {
        return clock;
    }

    public long heldCount() {
        return held.count();
    }

    /** Sources that have not reported yet, or are idle: {@code [unknown, idle]}. */
    public int[] quietSources() {
        int count = Math.max(sourceCount.getAsInt(), sources.length);
        int unknown = 0;
        int idle = 0;
        for (int id = 0; id < count; id++) {
            SourceProgress progress = id < sources.length ? sources[id] : null;
            if (progress == null) {
                unknown++;
            } else if (progress.idle()) {
                idle++;
            }
        }
        return new int[] {unknown, idle};
    }

    private void release() {
        long watermark = watermark();
        if (watermark > released) {
            released = watermark;
            releasedUnsaved = true;
            if (earliestHeld < watermark) {
                earliestHeld = held.releaseBefore(watermark, event -> downstream.process(event, warmupFrom()));
            }
        }
        long to = Math.min(released, newestKept());
        if (to > clock) {
            clock = to;
            downstream.advanceTo(to, warmupFrom());
        }
    }

    private long newestKept() {
        long newest = Long.MIN_VALUE;
        for (SourceProgress progress : sources) {
            if (progress != null) {
                newest = Math.max(newest, progress.maxKept());
            }
        }
        return newest;
    }

    private SourceProgress progress(int id) {
        SourceProgress progress = id < sources.length ? sources[id] : null;
        return progress == null ? SourceProgress.NONE : progress;
    }

    private SourceProgress merged(int id, SourceProgress report) {
        SourceProgress known = id < sources.length ? sources[id] : null;
        return known == null ? report : known.merge(report);
    }

    /** How far active source {@code id} had come as of {@code asOf}; MIN_VALUE if not known since this object exists. */
    private long watermarkAsOf(int id, long asOf) {
        ProgressHistory history = id < histories.length ? histories[id] : null;
        return history == null ? Long.MIN_VALUE : history.watermarkAsOf(asOf);
    }

    /**
     * Whether idle source {@code id} has not been confirmed for {@link #STALE_CONFIRMATION_MILLIS} of the time
     * the other sources' messages tell (since this object exists, when it never was).
     */
    private boolean presumedGone(int id) {
        long confirmed = idleConfirmedUntil[id] == Long.MIN_VALUE ? firstAsOf : idleConfirmedUntil[id];
        return confirmed != Long.MIN_VALUE && confirmed != Long.MAX_VALUE
                && newestAsOf - confirmed > STALE_CONFIRMATION_MILLIS;
    }

    /** Whether source {@code id} reported progress as a busy source after wall-clock {@code asOf}. */
    private boolean busyAfter(int id, long asOf) {
        ProgressHistory history = id < histories.length ? histories[id] : null;
        return history != null && history.knownAfter(asOf);
    }

    /** Records what {@code source} said as of {@code asOf}: a confirmation if idle, a point of its history if not. */
    private void confirm(int source, SourceProgress known, long asOf) {
        if (asOf != SourceMessage.TIMELESS && asOf != SourceMessage.FOREVER) {
            firstAsOf = firstAsOf == Long.MIN_VALUE ? asOf : Math.min(firstAsOf, asOf);
            newestAsOf = Math.max(newestAsOf, asOf);
        }
        if (known.idle()) {
            idleConfirmedUntil[source] = Math.max(idleConfirmedUntil[source], asOf);
        } else {
            idleConfirmedUntil[source] = Long.MIN_VALUE;
            if (histories[source] == null) {
                histories[source] = new ProgressHistory();
            }
            histories[source].record(asOf, known.watermark());
        }
    }

    private void grow(int id) {
        if (id < 0) {
            throw new IllegalArgumentException("source ids start at 0, got " + id);
        }
        if (id >= sources.length) {
            int length = Math.max(id + 1, sourceCount.getAsInt());
            sources = Arrays.copyOf(sources, length);
            histories = Arrays.copyOf(histories, length);
            int before = idleConfirmedUntil.length;
            idleConfirmedUntil = Arrays.copyOf(idleConfirmedUntil, length);
            Arrays.fill(idleConfirmedUntil, before, length, Long.MIN_VALUE);
        }
    }

    private void put(int id, SourceProgress progress) {
        grow(id);
        SourceProgress before = sources[id];
        sources[id] = progress;
        if (before == null || progress.minKept() < before.minKept() || progress.idle() != before.idle()) {
            // Warm-up's start and idleness are written at once: they are rare, and a restart must not undo them.
            state.source(id, progress);
            unsaved.clear(id);
        } else if (!progress.equals(before)) {
            unsaved.set(id);
        }
    }
}
