package org.rareegress.simulate;

import java.io.IOException;
import java.util.concurrent.locks.LockSupport;

/** Caps the rate at which events go downstream, by waiting whenever they run ahead of schedule. */
public final class PacedSink implements EventSink {
    private final EventSink downstream;
    private final double nanosPerEvent;
    private final long started = System.nanoTime();
    private long sent;

    /** @param eventsPerSecond positive; the schedule starts now */
    public PacedSink(EventSink downstream, double eventsPerSecond) {
        if (!(eventsPerSecond > 0)) {
            throw new IllegalArgumentException("the rate must be positive, got " + eventsPerSecond);
        }
        this.downstream = downstream;
        this.nanosPerEvent = 1e9 / eventsPerSecond;
    }

    @Override
    public void event(byte[] row, int length, long ticks, byte[] deviceId) throws IOException {
        long due = started + (long) (sent * nanosPerEvent);
        long ahead = due - System.nanoTime();
        if (ahead > 0) {
            LockSupport.parkNanos(ahead);
        }
        downstream.event(row, length, ticks, deviceId);
        sent++;
    }
}
