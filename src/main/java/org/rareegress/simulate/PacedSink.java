package org.rareegress.simulate;

import java.io.IOException;
import java.util.concurrent.locks.LockSupport;

/** Caps the rate at which events go downstream, by waiting whenever they run ahead of schedule. */
public final class PacedSink implements EventSink {
    private final EventSink downstream;
    private final double nanosPerEvent;
    private final Ticker ticker;
    private final long started;
    private long sent;

    /** The time source and the wait, apart so a test can run the schedule without waiting. */
    interface Ticker {
        long nanoTime();

        void park(long nanos);

        Ticker SYSTEM = new Ticker() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void park(long nanos) {
                LockSupport.parkNanos(nanos);
            }
        };
    }

    /** @param eventsPerSecond positive; the schedule starts now */
    public PacedSink(EventSink downstream, double eventsPerSecond) {
        this(downstream, eventsPerSecond, Ticker.SYSTEM);
    }

    PacedSink(EventSink downstream, double eventsPerSecond, Ticker ticker) {
        if (!(eventsPerSecond > 0)) {
            throw new IllegalArgumentException("the rate must be positive, got " + eventsPerSecond);
        }
        this.downstream = downstream;
        this.nanosPerEvent = 1e9 / eventsPerSecond;
        this.ticker = ticker;
        this.started = ticker.nanoTime();
    }

    @Override
    public void event(byte[] row, int length, long ticks, byte[] deviceId) throws IOException {
        // Event n is due n / rate seconds after the start; a slow downstream is not made up for by bursts beyond that.
        long due = started + (long) (sent * nanosPerEvent);
        long ahead = due - ticker.nanoTime();
        if (ahead > 0) {
            ticker.park(ahead);
        }
        downstream.event(row, length, ticks, deviceId);
        sent++;
    }
}
