package org.rareegress.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rareegress.codec.ProcessStateCodec;
import org.rareegress.event.SourceRef;
import org.rareegress.event.Timestamps;

/**
 * State per process must not grow with events or devices: one process on 10,000 devices and
 * 100,000 events, stored and reloaded after every event as the topology does.
 */
class ProcessStateBoundsTest {
    private static final long T0 = Timestamps.parseNanos("2024-05-01T00:00:00Z");
    private static final int DEVICES = 10_000;
    private static final int EVENTS = 100_000;
    private static final String PROCESS = "everywhere.exe";

    /** Values of fixed encoded width (ports all take three varint bytes), so only their number can change the size. */
    private static Candidate event(int i, long time) {
        return new Candidate(time, String.format("device-%05d", i % DEVICES), String.format("host-%05d", i % DEVICES),
                0x0A000000 | (i * 7919 & 0xFFFFFF), 16_384 + (i * 31 % 40_000), "Everywhere.exe",
                String.format("%032x", i % 5_000), null, String.format("everywhere.exe --job %06d", i), null,
                SourceRef.kafka("in", 0, i));
    }

    private static List<Integer> storedSizes(long step) {
        ProcessTracker tracker = new ProcessTracker(new DetectorSettings(Duration.ofDays(30), 4, Duration.ZERO, 64,
                Duration.ZERO));
        ProcessStateCodec codec = new ProcessStateCodec(4);
        RecordingOutput out = new RecordingOutput();
        byte[] stored = codec.encode(tracker.newState());
        List<Integer> sizes = new ArrayList<>(EVENTS);
        for (int i = 0; i < EVENTS; i++) {
            long time = T0 + i * step;
            ProcessState state = codec.decode(stored);
            tracker.onEvent(PROCESS, state, event(i, time), time, true, out);
            stored = codec.encode(state);
            sizes.add(stored.length);
            out.clear();
        }
        return sizes;
    }

    private static int max(List<Integer> sizes, int from, int to) {
        return sizes.subList(from, to).stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    @Test
    void storedStateDoesNotGrowWithEventsOrDevices() {
        long step = Duration.ofMinutes(2).toNanos(); // a window holds 21,600 events; all 100,000 span 139 days

        List<Integer> sizes = storedSizes(step);

        int early = max(sizes, 9_000, 10_000);
        int late = max(sizes, EVENTS - 1_000, EVENTS);
        // Only FirstSeen's distance to the newest time may take one more varint byte.
        assertThat(late).as("bytes after %d events vs after 10,000", EVENTS).isLessThanOrEqualTo(early + 1);
        assertThat(max(sizes, 1_000, EVENTS)).isLessThan(1_024);
    }

    @Test
    void rareProcessWithEndlesslyNewEvidenceStaysWithinTheCaps() {
        ProcessTracker tracker = new ProcessTracker(new DetectorSettings(Duration.ofDays(30), 4, Duration.ZERO, 64,
                Duration.ZERO));
        ProcessStateCodec codec = new ProcessStateCodec(4);
        RecordingOutput out = new RecordingOutput();
        ProcessState state = tracker.newState();
        List<Integer> sizes = new ArrayList<>();

        for (int i = 0; i < 3_000; i++) {
            long time = T0 + i * Duration.ofSeconds(1).toNanos();
            Candidate event = event(i, time);
            Candidate onThreeDevices = new Candidate(event.timestampNanos(), "device-" + (i % 3), "host",
                    event.remoteIpv4(), event.remotePort(), event.processFileName(), event.md5(), null,
                    event.commandLine(), null, event.source());
            tracker.onEvent(PROCESS, state, onThreeDevices, time, true, out);
            sizes.add(codec.encode(state).length);
            out.clear();
        }

        assertThat(state.hashes().size()).isEqualTo(64);
        assertThat(state.ports().size()).isEqualTo(64);
        assertThat(state.remoteIps().size()).isEqualTo(64);
        assertThat(state.commandLines().size()).isEqualTo(64);
        assertThat(max(sizes, 2_900, 3_000)).isLessThanOrEqualTo(max(sizes, 200, 300) + 1);
    }
}
