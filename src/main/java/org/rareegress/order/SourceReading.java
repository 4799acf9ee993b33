package org.rareegress.order;

import java.util.function.BooleanSupplier;

/**
 * The reading side of one source: what its reader has seen so far, for the progress reports it sends
 * to every stateful task. In memory only: after a restart the reader starts again from its last
 * committed position and reports less than before, which the receiving tasks ignore (progress merges
 * by maximum and minimum, see {@link SourceProgress#merge}).
 */
public final class SourceReading {
    private final long maxOutOfOrderness;
    private long newestRead = Long.MIN_VALUE;
    private long minKept = Long.MAX_VALUE;
    private long maxKept = Long.MIN_VALUE;
    private boolean changed;
    private boolean idle;
    private boolean ended;
    private boolean reportedOnce;
    private long lastDeliveryMillis;
    /** When the reader last found the source caught up while quiet; MIN_VALUE since the last delivery or backlog. */
    private long lastCaughtUpMillis = Long.MIN_VALUE;
    private int readSinceReport;

    /**
     * @param maxOutOfOrderness {@code detector.max-out-of-orderness} in ns
     * @param nowMillis         the wall clock when reading starts: a source that never delivers anything
     *                          becomes idle one idle timeout later
     */
    public SourceReading(long maxOutOfOrderness, long nowMillis) {
        this.maxOutOfOrderness = maxOutOfOrderness;
        this.lastDeliveryMillis = nowMillis;
    }

    /** An event was read (kept or not) at wall-clock {@code nowMillis}. */
    public void read(long timestampNanos, long nowMillis) {
        read(timestampNanos, nowMillis, 1);
    }

    /** {@code count} events were read at wall-clock {@code nowMillis}, the newest at {@code timestampNanos}. */
    public void read(long timestampNanos, long nowMillis, int count) {
        lastDeliveryMillis = nowMillis;
        lastCaughtUpMillis = Long.MIN_VALUE;
        readSinceReport += count;
        if (timestampNanos > newestRead) {
            newestRead = timestampNanos;
            changed = true;
        }
    }

    /** A read event was kept by the filter. */
    public void kept(long timestampNanos) {
        if (timestampNanos < minKept) {
            minKept = timestampNanos;
            changed = true;
        }
        if (timestampNanos > maxKept) {
            maxKept = timestampNanos;
            changed = true;
        }
    }

    /** What the source has delivered so far, as an active source. */
    public SourceProgress progress() {
        return new SourceProgress(SourceProgress.watermarkOf(newestRead, maxOutOfOrderness), minKept, maxKept, false);
    }

    /**
     * Whether every task must hear of this source before its next kept event: it is delivering again
     * after it was reported idle, or it has not reported since its reader (re)started. Tasks that
     * still count it as idle would otherwise process past the events it is about to send.
     */
    public boolean mustAnnounce() {
        return idle || !reportedOnce;
    }

    /** Whether there is progress no task has heard of yet. */
    public boolean changed() {
        return changed;
    }

    /** Events read since the last report. */
    public int readSinceReport() {
        return readSinceReport;
    }

    /** The report that tells every task how far the source has come; marks it sent. */
    public SourceProgress report() {
        readSinceReport = 0;
        changed = false;
        idle = false;
        reportedOnce = true;
        return progress();
    }

    /**
     * Whether the source has gone quiet: nothing delivered for {@code idleTimeoutMillis}. The caller checks
     * that nothing is left to read before calling it idle.
     */
    boolean quietFor(long idleTimeoutMillis, long nowMillis) {
        return nowMillis - lastDeliveryMillis >= idleTimeoutMillis;
    }

    /**
     * The quiet source was found caught up at {@code nowMillis}. Returns when it was found so the time before
     * (with nothing delivered since), MIN_VALUE at the first such check: the earlier check is what a
     * confirmation of idleness can vouch for.
     */
    long caughtUpAt(long nowMillis) {
        long previous = lastCaughtUpMillis;
        lastCaughtUpMillis = nowMillis;
        return previous;
    }

    /**
     * The quiet source has something left to read. Returns whether it was reported idle, so must now be
     * reported active: every task holds its watermark for it again until it delivers or is caught up.
     */
    boolean backlogFound() {
        lastCaughtUpMillis = Long.MIN_VALUE;
        return idle;
    }

    /** The report that the source is idle (or ended); marks it sent. */
    public SourceProgress reportIdle() {
        readSinceReport = 0;
        changed = false;
        idle = true;
        reportedOnce = true;
        SourceProgress progress = progress();
        return new SourceProgress(progress.watermark(), progress.minKept(), progress.maxKept(), true);
    }

    /**
     * The report that the source has ended: it is idle for good. No tick reports anything for it any more,
     * whatever its backlog seems to say (a replay's topic may grow past the end offsets it stops at).
     */
    public SourceProgress reportEnded() {
        ended = true;
        return reportIdle();
    }

    /** A progress report and the wall-clock time it holds as of ({@link SourceMessage#asOf}). */
    public record Report(SourceProgress progress, long asOf) {
    }

    /**
     * What a live reader's periodic tick at {@code nowMillis} says of this source, or null for nothing: its
     * progress if it advanced; if quiet for {@code idleTimeoutMillis} and caught up at two ticks in a row, that
     * it is idle, dated {@code confirmationMarginMillis} before the earlier of them (what a confirmation can
     * vouch for); if quiet with something left to read after it was reported idle, that it is active again.
     * An ended source says nothing more.
     */
    public Report tick(long nowMillis, long idleTimeoutMillis, long confirmationMarginMillis, BooleanSupplier caughtUp) {
        if (ended) {
            return null;
        }
        if (changed) {
            return new Report(report(), nowMillis);
        }
        if (!quietFor(idleTimeoutMillis, nowMillis)) {
            return null;
        }
        if (caughtUp.getAsBoolean()) {
            long previousCheck = caughtUpAt(nowMillis);
            return previousCheck == Long.MIN_VALUE ? null
                    : new Report(reportIdle(), previousCheck - confirmationMarginMillis);
        }
        return backlogFound() ? new Report(report(), nowMillis) : null;
    }

    public boolean isIdle() {
        return idle;
    }
}
