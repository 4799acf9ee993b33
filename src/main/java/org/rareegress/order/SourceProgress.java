package org.rareegress.order;

/**
 * How far one source (an input partition, or an input file of a backtest) has been read, as a stateful
 * task knows it. Every part only ever moves one way, so reports that arrive late, twice, or from a
 * restarted reader that forgot what it had read merge into the same answer ({@link #merge}).
 *
 * @param watermark the newest Timestamp read from the source minus {@code detector.max-out-of-orderness}:
 *                  no event of this source earlier than this is expected any more (ns; MIN_VALUE before
 *                  the first event)
 * @param minKept   the earliest Timestamp of the source's kept events (ns; MAX_VALUE before the first):
 *                  warm-up counts from the earliest over every source
 * @param maxKept   the newest Timestamp of its kept events (ns; MIN_VALUE before the first): stream time
 *                  never passes the newest kept event of the whole input
 * @param idle      the source is caught up and has delivered nothing for {@code input.idle-timeout}, or
 *                  has ended: it does not hold the watermark back until it delivers again
 */
public record SourceProgress(long watermark, long minKept, long maxKept, boolean idle) {
    /** What a task knows of a source that has not reported yet: it holds the watermark at its lowest. */
    public static final SourceProgress NONE = new SourceProgress(Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, false);

    /** Both reports together: the furthest progress of either, and the idleness of the newer one. */
    public SourceProgress merge(SourceProgress newer) {
        return new SourceProgress(Math.max(watermark, newer.watermark), Math.min(minKept, newer.minKept),
                Math.max(maxKept, newer.maxKept), newer.idle);
    }

    /** With one more kept event at {@code time}. */
    public SourceProgress withKept(long time) {
        return time >= minKept && time <= maxKept ? this
                : new SourceProgress(watermark, Math.min(minKept, time), Math.max(maxKept, time), idle);
    }

    public SourceProgress active() {
        return idle ? new SourceProgress(watermark, minKept, maxKept, false) : this;
    }

    /** The watermark of a source whose newest event read is at {@code newestRead}, {@code lag} ns tolerated. */
    public static long watermarkOf(long newestRead, long lag) {
        if (newestRead == Long.MIN_VALUE) {
            return Long.MIN_VALUE;
        }
        long watermark = newestRead - lag;
        // Saturate: a newest event near the bottom of the range must not wrap to a watermark near the top.
        return watermark > newestRead ? Long.MIN_VALUE : watermark;
    }
}
