package org.rareegress.simulate;

import java.io.IOException;
import java.util.PriorityQueue;

/**
 * Bounded local shuffling, as a real pipeline delivers events: each event is held for a random
 * delay below the bound and released in order of (time + delay). An event released after another
 * was therefore at most the bound older: {@code t_earlier_released - t_later_released < bound}.
 */
final class DisorderBuffer implements EventSink {
    private final EventSink downstream;
    private final long boundTicks;
    private final Rng rng;
    private final PriorityQueue<Held> held = new PriorityQueue<>();
    private long sequence;

    private record Held(long release, long sequence, byte[] row, long ticks, byte[] deviceId) implements Comparable<Held> {
        @Override
        public int compareTo(Held other) {
            int byRelease = Long.compare(release, other.release);
            return byRelease != 0 ? byRelease : Long.compare(sequence, other.sequence);
        }
    }

    DisorderBuffer(EventSink downstream, long boundTicks, Rng rng) {
        this.downstream = downstream;
        this.boundTicks = boundTicks;
        this.rng = rng;
    }

    /** Events must arrive in time order; they leave shuffled within the bound. */
    @Override
    public void event(byte[] row, int length, long ticks, byte[] deviceId) throws IOException {
        // Whatever is due by now can go: everything still to come is at least this new.
        while (!held.isEmpty() && held.peek().release <= ticks) {
            release(held.poll());
        }
        byte[] copy = java.util.Arrays.copyOf(row, length);
        held.add(new Held(ticks + rng.nextLong(boundTicks), sequence++, copy, ticks, deviceId));
    }

    /** Releases everything still held, at the end of the stream. */
    void drain() throws IOException {
        while (!held.isEmpty()) {
            release(held.poll());
        }
    }

    private void release(Held event) throws IOException {
        downstream.event(event.row, event.row.length, event.ticks, event.deviceId);
    }
}
