package org.rareegress.simulate;

import java.io.IOException;

/** Receives the simulator's events one by one, in the order they are to be delivered. */
@FunctionalInterface
public interface EventSink {

    /**
     * One event.
     *
     * @param row      the JSON row, without a line end, in {@code row[0, length)}; the array is reused,
     *                 so it is valid only during this call
     * @param ticks    the event's Timestamp in 100 ns ticks since the epoch
     * @param deviceId the event's DeviceId in ASCII: the Kafka key that keeps one device's events in order
     */
    void event(byte[] row, int length, long ticks, byte[] deviceId) throws IOException;
}
