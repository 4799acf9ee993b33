package org.rareegress.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rareegress.event.Events.anEvent;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rareegress.event.Timestamps;

/**
 * The cap on values per program (detector.max-values-per-process) when an event is processed out of order: the
 * least recently seen value is dropped even when it is the event's own, or the program looks informative while a
 * newer value is still in the window (found by DimensionReferenceTest).
 */
class DimensionTrackerCapTest {
    private static final long HOUR = Duration.ofHours(1).toNanos();
    private static final long W = 24 * HOUR;
    private static final long T0 = Timestamps.parseNanos("2024-05-01T00:00:00Z");
    private static final String TOOL = "tool.exe";

    private final DetectorSettings settings = new DetectorSettings(Duration.ofDays(1), 2, Duration.ZERO, 64,
            Duration.ZERO, Duration.ZERO, List.of(Dimension.PROCESS, Dimension.PROCESS_PORT), Map.of(), 1);
    private final ProcessTracker processes = new ProcessTracker(settings);
    private final DimensionTracker tracker = new DimensionTracker(settings);
    private final ProcessState process = processes.newState();
    private final DimensionState ports = new DimensionState();
    private final Output out = new Output();

    @Test
    void anOutOfOrderValueIsTheOneDroppedSoTheProgramStaysNotInformativeWhileNewerValuesAreInTheWindow() {
        seen("d1", 5000, T0 + 3 * HOUR, T0 + 3 * HOUR);
        seen("d2", 5001, T0 + 4 * HOUR, T0 + 4 * HOUR);

        // Processed at stream time T0+4h, stamped T0+1h: its port is the least recently seen of three.
        seen("d3", 5002, T0 + HOUR, T0 + 4 * HOUR);
        tracker.onCheck(Dimension.PROCESS_PORT, TOOL, ports, process, true, T0 + HOUR + W, out);

        assertThat(ports.values().keySet()).containsExactlyInAnyOrder("5000", "5001");
        assertThat(ports.notInformativeRowPublished()).as("ports 5000 and 5001 are both in the window").isTrue();
        assertThat(out.alerts).isEmpty();
    }

    private void seen(String device, int port, long time, long now) {
        Candidate event = anEvent().process(TOOL).device(device).port(port).atNanos(time).toCandidate();
        processes.onEvent(TOOL, process, event, now, true, out);
        tracker.onEvent(Dimension.PROCESS_PORT, TOOL, ports, event, Dimension.PROCESS_PORT.valueOf(event,
                Dimension.AsnLookup.NONE), process, processes.isPrevalentAt(process, now), now, true, out);
    }

    private static final class Output implements DimensionTracker.Output {
        final RecordingOutput recorded = new RecordingOutput();
        final List<Alert> alerts = recorded.alerts;

        @Override
        public void alert(Alert alert) {
            if (alert.facts().dimension() != null) {
                recorded.alert(alert);
            }
        }

        @Override
        public void row(String key, HuntRow row) {
            recorded.row(key, row);
        }

        @Override
        public void confirmAt(String process, long dueAt) {
        }

        @Override
        public void confirmAt(Dimension dimension, String process, long dueAt) {
        }
    }
}
