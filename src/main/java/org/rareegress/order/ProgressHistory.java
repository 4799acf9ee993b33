package org.rareegress.order;

import java.util.Arrays;

/**
 * How far one active source had come as of each moment of the wall clock, as far as a stateful task knows:
 * the watermarks its reports carried, by the time its reader knew them. While another source is idle, the
 * task may count this source only as far as it had come when the idle one was last confirmed to have nothing
 * to deliver ({@link EventTimeOrder#watermark()}). In memory only (after a restart it starts empty, which
 * only holds releases back until fresh reports arrive).
 *
 * <p>Bounded: reports are kept in buckets of {@link #BUCKET_MILLIS} (a report counts from the end of its
 * bucket, which only dates it later than it was: never too early), and only the last {@link #KEEP_MILLIS}
 * of them, plus the newest before that as the base.
 */
final class ProgressHistory {
    static final long BUCKET_MILLIS = 100;
    static final long KEEP_MILLIS = 60_000;

    /** Bucket ends (ascending) and the highest watermark known by each; the first {@code start} are dropped. */
    private long[] times = new long[8];
    private long[] watermarks = new long[8];
    private int start;
    private int end;

    /** The source's watermark was {@code watermark} as of wall-clock {@code asOf} (ms). */
    void record(long asOf, long watermark) {
        if (asOf == Long.MAX_VALUE) {
            return; // known only at the end of time: never usable against an idle source's confirmation
        }
        long time = bucketEnd(asOf);
        if (end > start && times[end - 1] >= time) {
            // Within the newest bucket (the usual case), or dated before it (a reader on another machine whose
            // clock is behind): every bucket from there on knew at least this much. Counted from the next bucket
            // kept rather than its own: later than it was, which only holds releases back.
            for (int i = end - 1; i >= start && times[i] >= time; i--) {
                watermarks[i] = Math.max(watermarks[i], watermark);
            }
            return;
        }
        long known = end > start ? Math.max(watermarks[end - 1], watermark) : watermark;
        append(time, known);
        prune(time);
    }

    /** The source's watermark as of wall-clock {@code asOf}; MIN_VALUE when nothing was known that early. */
    long watermarkAsOf(long asOf) {
        int i = Arrays.binarySearch(times, start, end, asOf);
        int at = i >= 0 ? i : -i - 2;
        return at >= start ? watermarks[at] : Long.MIN_VALUE;
    }

    /** Whether anything was recorded as of a time after {@code asOf} (counted from the end of its bucket). */
    boolean knownAfter(long asOf) {
        return end > start && times[end - 1] > asOf;
    }

    int size() {
        return end - start;
    }

    private static long bucketEnd(long asOf) {
        if (asOf == Long.MIN_VALUE) {
            return asOf;
        }
        return Math.floorDiv(asOf, BUCKET_MILLIS) * BUCKET_MILLIS + BUCKET_MILLIS;
    }

    private void append(long time, long watermark) {
        if (end == times.length) {
            compact(Math.max(8, (end - start) * 2));
        }
        times[end] = time;
        watermarks[end] = watermark;
        end++;
    }

    /** Drops what is older than {@link #KEEP_MILLIS} before {@code newest}, but the newest of it (the base). */
    private void prune(long newest) {
        if (newest == Long.MIN_VALUE) {
            return;
        }
        long cutoff = newest - KEEP_MILLIS;
        while (end - start > 1 && times[start + 1] <= cutoff) {
            start++;
        }
    }

    private void compact(int capacity) {
        int size = end - start;
        long[] newTimes = new long[Math.max(capacity, 8)];
        long[] newWatermarks = new long[newTimes.length];
        System.arraycopy(times, start, newTimes, 0, size);
        System.arraycopy(watermarks, start, newWatermarks, 0, size);
        times = newTimes;
        watermarks = newWatermarks;
        start = 0;
        end = size;
    }
}
