package org.rareegress.detect;

import org.rareegress.event.CommandLines;

/**
 * What a {@link ProcessState} holds of the window: records a kept event, forgets what left the
 * window, and says whether the process is rare and when expiry next matters. Allocates nothing.
 */
final class ProcessWindow {
    private final long window;
    private final int threshold;
    private final int evidenceCap;

    ProcessWindow(long window, int threshold, int evidenceCap) {
        this.window = window;
        this.threshold = threshold;
        this.evidenceCap = evidenceCap;
    }

    /** Adds the event's device and evidence, each last seen at the event's time. */
    void record(ProcessState state, Candidate event) {
        state.devices.observe(event.deviceId(), event.deviceName(), event.timestampNanos());
        if (event.md5() != null) {
            state.hashes.add(event.md5(), event.timestampNanos(), evidenceCap);
        }
        state.ports.add(event.remotePort(), event.timestampNanos(), evidenceCap);
        state.remoteIps.add(event.remoteIpv4(), event.timestampNanos(), evidenceCap);
        if (event.commandLine() != null) {
            state.commandLines.add(CommandLines.cut(event.commandLine()), event.timestampNanos(), evidenceCap);
        }
        state.firstSeen = Math.min(state.firstSeen, event.timestampNanos());
    }

    boolean isRare(ProcessState state) {
        int devices = state.devices.size();
        return devices > 0 && devices < threshold;
    }

    /** Forgets devices and evidence last seen at or before {@code now - W}; returns whether anything went. */
    boolean expire(ProcessState state, long now) {
        long cutoff = now - window;
        boolean changed = state.devices.removeUpTo(cutoff);
        changed |= state.hashes.removeUpTo(cutoff);
        changed |= state.ports.removeUpTo(cutoff);
        changed |= state.remoteIps.removeUpTo(cutoff);
        changed |= state.commandLines.removeUpTo(cutoff);
        return changed;
    }

    /**
     * Once N devices are known, evidence last seen at or before the N-th newest device can never be
     * in a window where the process is rare again (that window starts after the N-th device's
     * last-seen time, which only grows), so it is dropped. This keeps prevalent processes small.
     */
    void pruneBehindThreshold(ProcessState state) {
        if (!state.devices.isFull()) {
            return;
        }
        long cutoff = state.devices.oldestLastSeen();
        state.hashes.removeUpTo(cutoff);
        state.ports.removeUpTo(cutoff);
        state.remoteIps.removeUpTo(cutoff);
        state.commandLines.removeUpTo(cutoff);
    }

    /** When expiry alone next changes something that matters; MAX_VALUE when nothing will. */
    long nextCheck(ProcessState state) {
        if (state.isEmpty()) {
            return Long.MAX_VALUE;
        }
        if (state.devices.isFull()) {
            // Prevalent: what matters is when the N-th newest device leaves and the process turns rare.
            return saturatedAdd(state.devices.oldestLastSeen(), window);
        }
        long earliest = Math.min(state.devices.oldestLastSeen(), Math.min(
                Math.min(state.hashes.earliestLastSeen(), state.ports.earliestLastSeen()),
                Math.min(state.remoteIps.earliestLastSeen(), state.commandLines.earliestLastSeen())));
        return saturatedAdd(earliest, window);
    }

    /** {@code a + b}, or MAX_VALUE where it would overflow: "never" stays never. */
    static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
