package org.rareegress.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rareegress.codec.OutputJson;
import org.rareegress.codec.ProcessStateCodec;
import org.rareegress.event.CommandLines;
import org.rareegress.event.SourceRef;
import org.rareegress.event.Timestamps;
import org.rareegress.event.read.EventValidator;

/**
 * A process's whole state is ONE changelog record, and Kafka refuses records over 1 MB
 * (RecordTooLargeException: the detector stops, and re-reads the same input on every restart).
 * The malware being hunted writes its own command line, so the worst case must fit by construction:
 * threshold and evidence cap at their maxima, every string at its longest in 3-byte UTF-8
 * characters (the most bytes per Java char), the evidence sets full, alerted facts AND a held alert.
 * The alert that shows such a state must fit too, with every string made of control characters, which
 * JSON escapes to six bytes each.
 */
class ProcessStateWorstCaseTest {
    /**
     * 1,000,000 bytes (under Kafka's 1,048,576 default, with room for headers and batch overhead) less a
     * 10% margin, so that a future field that grows them fails here first. Measured: state 838 KB, alert 719 KB.
     */
    private static final int LIMIT = 900_000;
    private static final long T0 = Timestamps.parseNanos("2024-05-01T00:00:00Z");
    /** Windows' longest command line; the validator's bound for command lines and folder paths. */
    private static final int MAX_TEXT = 32_768;
    private static final int THRESHOLD = DetectorSettings.MAX_THRESHOLD;
    private static final int CAP = DetectorSettings.MAX_EVIDENCE_CAP;

    /** {@code length} characters of 3 bytes each in UTF-8, distinct for each {@code n} from the start. */
    private static String longest(int length, int n) {
        String prefix = "" + (char) (0x4e00 + n % 4096) + (char) (0x4e00 + n / 4096);
        return prefix + "\u20ac".repeat(length - prefix.length());
    }

    private static Candidate event(int n, int device, long time) {
        return new Candidate(time, longest(EventValidator.MAX_DEVICE_LENGTH, device),
                longest(EventValidator.MAX_DEVICE_LENGTH, device), 0x08000000 + n, 1_024 + n,
                longest(EventValidator.MAX_FILE_NAME_LENGTH, 0), String.format("%032x", n), String.format("%064x", n),
                longest(MAX_TEXT, n), longest(MAX_TEXT, n), SourceRef.kafka("t".repeat(249), Integer.MAX_VALUE,
                Long.MAX_VALUE));
    }

    /** Every device once, then enough events on the newest device to fill every evidence set. */
    private static ProcessState fullState(ProcessTracker tracker, String process) {
        ProcessState state = tracker.newState();
        RecordingOutput out = new RecordingOutput();
        int n = 0;
        for (; n < THRESHOLD; n++) {
            tracker.onEvent(process, state, event(n, n, T0 + n), T0 + n, true, out);
        }
        for (int i = 0; i < CAP; i++, n++) {
            tracker.onEvent(process, state, event(n, THRESHOLD - 1, T0 + n), T0 + n, true, out);
        }
        return state;
    }

    @Test
    void theLargestPossibleProcessStateFitsOneKafkaRecordWithMargin() {
        ProcessTracker tracker = new ProcessTracker(new DetectorSettings(Duration.ofDays(30), THRESHOLD, Duration.ZERO,
                CAP, Duration.ZERO));
        String process = longest(EventValidator.MAX_FILE_NAME_LENGTH, 0);
        ProcessState state = fullState(tracker, process);
        // Not reachable together (a held NEW_RARE means no alert yet), so this is an upper bound.
        Set<String> alertedDevices = new HashSet<>();
        Set<String> alertedHashes = new HashSet<>();
        Set<Integer> alertedPorts = new HashSet<>();
        // An alert shows a rare process: fewer devices than the threshold, evidence up to the cap.
        for (int i = 0; i < THRESHOLD - 1; i++) {
            alertedDevices.add(longest(EventValidator.MAX_DEVICE_LENGTH, 1_000 + i));
        }
        for (int i = 0; i < CAP; i++) {
            alertedHashes.add(String.format("%032x", 1_000 + i));
            alertedPorts.add(10_000 + i);
        }
        state.alerted = new AlertFacts(alertedDevices, alertedHashes, alertedPorts);
        state.pending = new PendingAlert(T0 + 1, T0, event(9_999, 9_999, T0));
        state.rowPublished = true;

        byte[] stored = new ProcessStateCodec(THRESHOLD).encode(state);
        int key = process.getBytes(StandardCharsets.UTF_8).length;

        assertThat(state.devices().size()).isEqualTo(THRESHOLD);
        assertThat(state.commandLines().size()).isEqualTo(CAP);
        assertThat(state.hashes().size()).isEqualTo(CAP);
        assertThat(stored.length + key).as("worst-case changelog record (value + key), bytes").isLessThan(LIMIT);
        assertThat(new ProcessStateCodec(THRESHOLD).decode(stored).commandLines()).isEqualTo(state.commandLines());
    }

    /**
     * What one name of a flood costs with the defaults (no held alert): the process-state record, its key, and its
     * entry in the index of processes by last-seen time (its name again, a prefix and a time). This is the worst
     * case behind the sizing of detector.max-tracked-processes (docs/design.md, "A bound on tracked processes").
     * Measured: 6,270 bytes.
     */
    @Test
    void aProcessSeenOnceTakesAtMostAboutSixKilobytesWithTheDefaults() {
        ProcessTracker tracker = new ProcessTracker(new DetectorSettings(Duration.ofDays(30), 4, Duration.ZERO, 64,
                Duration.ZERO));
        String process = longest(EventValidator.MAX_FILE_NAME_LENGTH, 0);
        ProcessState state = tracker.newState();
        tracker.onEvent(process, state, event(1, 1, T0), T0, true, new RecordingOutput());

        int name = process.getBytes(StandardCharsets.UTF_8).length;
        int total = new ProcessStateCodec(4).encode(state).length + name + (1 + Long.BYTES + name);

        assertThat(total).as("state, key and index entry, bytes").isBetween(5_500, 6_500);
    }

    @Test
    void theLargestPossibleAlertFitsOneKafkaRecordWithMargin() {
        // JSON's worst case is a control character: six bytes (\u0001) for one char of input.
        ProcessTracker tracker = new ProcessTracker(new DetectorSettings(Duration.ofDays(30), THRESHOLD, Duration.ZERO,
                CAP, Duration.ZERO));
        String process = controls(EventValidator.MAX_FILE_NAME_LENGTH, 0);
        ProcessState state = tracker.newState();
        RecordingOutput out = new RecordingOutput();
        int n = 0;
        for (; n < THRESHOLD - 1; n++) {
            tracker.onEvent(process, state, controlEvent(n, n, T0 + n), T0 + n, true, out);
        }
        for (int i = 0; i < CAP; i++, n++) {
            tracker.onEvent(process, state, controlEvent(n, THRESHOLD - 2, T0 + n), T0 + n, true, out);
        }

        byte[] alert = OutputJson.toBytes(out.alerts.get(out.alerts.size() - 1));

        assertThat(out.alerts.get(out.alerts.size() - 1).facts().devices()).hasSize(THRESHOLD - 1);
        assertThat(alert.length).as("worst-case alert JSON, bytes").isLessThan(LIMIT);
    }

    /** {@code length} control characters, distinct for each {@code n} from the start. */
    private static String controls(int length, int n) {
        return String.format("%06d", n) + "\u0001".repeat(length - 6);
    }

    private static Candidate controlEvent(int n, int device, long time) {
        return new Candidate(time, controls(EventValidator.MAX_DEVICE_LENGTH, device),
                controls(EventValidator.MAX_DEVICE_LENGTH, device), 0x08000000 + n, 1_024 + n,
                controls(EventValidator.MAX_FILE_NAME_LENGTH, 0), String.format("%032x", n), String.format("%064x", n),
                controls(MAX_TEXT, n), controls(MAX_TEXT, n), SourceRef.kafka("t".repeat(249), 0, n));
    }

    @Test
    void evidenceKeepsCommandLinesCutWithAVisibleMarkerWhileTheAlertTriggerKeepsTheWholeOne() {
        ProcessTracker tracker = new ProcessTracker(new DetectorSettings(Duration.ofDays(30), 4, Duration.ZERO, 64,
                Duration.ZERO));
        ProcessState state = tracker.newState();
        RecordingOutput out = new RecordingOutput();
        String commandLine = "implant.exe " + "A".repeat(5_000);
        Candidate event = new Candidate(T0, "d1", "d1", 0x08080808, 4444, "implant.exe", null, null, commandLine, null,
                SourceRef.kafka("in", 0, 0));

        tracker.onEvent("implant.exe", state, event, T0, true, out);

        String kept = commandLine.substring(0, CommandLines.MAX_CHARS) + "... ["
                + (commandLine.length() - CommandLines.MAX_CHARS) + " more characters]";
        assertThat(state.commandLines().value(0)).isEqualTo(kept);
        assertThat(out.alerts.get(0).facts().sampleProcess()).isEqualTo(kept);
        assertThat(out.alerts.get(0).trigger().commandLine()).isEqualTo(commandLine);
    }
}
