package org.rareegress.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rareegress.event.SourceRef;
import org.rareegress.event.Timestamps;

class ProcessStateCodecTest {
    private static final long T0 = Timestamps.parseNanos("2024-05-01T00:00:00Z");
    private final ProcessStateCodec codec = new ProcessStateCodec(4);

    private ProcessState roundTrip(ProcessState state) {
        return codec.decode(codec.encode(state));
    }

    private static Candidate trigger() {
        return new Candidate(T0 + 5, "dévice-1", null, 0x01020304, 4444, "Tööl.exe", null, "ab", "cmd ✓", null,
                SourceRef.file("in.jsonl", 9).withIndex(2));
    }

    /** A state with every part present and awkward values in each. */
    private static ProcessState fullState() {
        ProcessState state = new ProcessState(4);
        state.devices.observe("d1", "hôst-1 日本", T0);
        state.devices.observe("d2", null, T0 + 7);
        state.devices.observe("", "", T0 - 1_000_000_000_000L);
        state.hashes.add("0123456789abcdef0123456789abcdef", T0, 2);
        state.hashes.add("", T0 + 1, 2);
        state.hashes.add("ffff", T0 + 2, 2);
        state.ports.add(0, T0, 64);
        state.ports.add(65535, T0 + 3, 64);
        state.remoteIps.add(0xFFFFFFFF, T0, 64);
        state.remoteIps.add(0x80000000, T0 - 5, 64);
        state.commandLines.add("\"tööl.exe\" 🚀 \u0000\n".repeat(1_000), T0 + 7, 64);
        state.firstSeen = T0 - 1_000_000_000_000L;
        state.rowPublished = true;
        state.scheduledAt = T0 + 30L * 86_400_000_000_000L;
        state.alerted = new AlertFacts(Set.of("d1", "dévice"), Set.of("h1", ""), Set.of(0, 4444, 65535));
        state.pending = new PendingAlert(T0 + 3_600_000_000_000L, T0 + 7, trigger());
        return state;
    }

    private static List<String> devices(ProcessState state) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < state.devices.size(); i++) {
            lines.add(state.devices.id(i) + "|" + state.devices.name(i) + "|" + state.devices.lastSeen(i));
        }
        return lines;
    }

    private static void assertSameState(ProcessState actual, ProcessState expected) {
        assertThat(devices(actual)).containsExactlyElementsOf(devices(expected));
        assertThat(actual.hashes).isEqualTo(expected.hashes);
        assertThat(actual.ports).isEqualTo(expected.ports);
        assertThat(actual.remoteIps).isEqualTo(expected.remoteIps);
        assertThat(actual.commandLines).isEqualTo(expected.commandLines);
        assertThat(actual.firstSeen).isEqualTo(expected.firstSeen);
        assertThat(actual.rowPublished).isEqualTo(expected.rowPublished);
        assertThat(actual.scheduledAt).isEqualTo(expected.scheduledAt);
        assertThat(actual.alerted).isEqualTo(expected.alerted);
        assertThat(actual.pending).isEqualTo(expected.pending);
    }

    @Test
    void roundTripsEveryPartOfAFullState() {
        ProcessState state = fullState();

        ProcessState decoded = roundTrip(state);

        assertSameState(decoded, state);
        assertThat(decoded.hashes.truncatedUntil()).isEqualTo(T0);
    }

    @Test
    void roundTripsAnEmptyState() {
        ProcessState state = new ProcessState(4);

        ProcessState decoded = roundTrip(state);

        assertSameState(decoded, state);
        assertThat(decoded.firstSeen).isEqualTo(Long.MAX_VALUE);
        assertThat(decoded.scheduledAt).isEqualTo(Long.MAX_VALUE);
        assertThat(decoded.alerted).isNull();
        assertThat(decoded.pending).isNull();
        assertThat(decoded.isEmpty()).isTrue();
    }

    @Test
    void roundTripsAlertedFactsWithEmptySetsAndNoPendingAlert() {
        ProcessState state = fullState();
        state.alerted = new AlertFacts(Set.of(), Set.of(), Set.of());
        state.pending = null;
        state.rowPublished = false;

        ProcessState decoded = roundTrip(state);

        assertSameState(decoded, state);
    }

    @Test
    void roundTripsAPendingAlertWithoutAlertedFacts() {
        ProcessState state = fullState();
        state.alerted = null;

        ProcessState decoded = roundTrip(state);

        assertSameState(decoded, state);
    }

    @Test
    void roundTripsTheNoneMarkersOfTimes() {
        ProcessState state = fullState();
        state.firstSeen = Long.MAX_VALUE;
        state.scheduledAt = Long.MAX_VALUE;
        state.ports.restoreTruncatedUntil(Long.MIN_VALUE);
        state.remoteIps.restoreTruncatedUntil(Long.MAX_VALUE);

        ProcessState decoded = roundTrip(state);

        assertSameState(decoded, state);
    }

    @Test
    void roundTripsExtremeTimes() {
        ProcessState state = new ProcessState(4);
        state.devices.observe("late", null, Long.MAX_VALUE - 1);
        state.devices.observe("early", null, Long.MIN_VALUE + 1);
        state.hashes.add("h", Long.MIN_VALUE, 64);
        state.ports.add(1, Long.MAX_VALUE, 64);
        state.firstSeen = Long.MIN_VALUE + 1;
        state.scheduledAt = Long.MAX_VALUE - 1;
        state.pending = new PendingAlert(Long.MAX_VALUE - 1, Long.MIN_VALUE + 1, new Candidate(Long.MIN_VALUE,
                "d", null, 0, -1, "p", null, null, null, null, SourceRef.unknown()));

        ProcessState decoded = roundTrip(state);

        assertSameState(decoded, state);
    }

    @Test
    void roundTripsAStateTheTrackerBuilt() {
        ProcessTracker tracker = ProcessTrackerTest.tracker(4, java.time.Duration.ofHours(1), 2);
        ProcessState state = tracker.newState();
        RecordingOutput out = new RecordingOutput();
        for (int i = 0; i < 5; i++) {
            Candidate event = new Candidate(T0 + i, "d" + (i % 3), "h", i, 1000 + i, "t.exe", "m" + i, null, "c" + i,
                    null, SourceRef.kafka("t", 0, i));
            tracker.onEvent("t.exe", state, event, T0 + i, true, out);
        }

        ProcessState decoded = roundTrip(state);

        assertSameState(decoded, state);
        assertThat(codec.encode(decoded)).isEqualTo(codec.encode(state));
    }

    @Test
    void failsOnEveryTruncation() {
        byte[] bytes = codec.encode(fullState());

        for (int length = 0; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);

            assertThatThrownBy(() -> codec.decode(truncated)).as("cut to %d of %d bytes", length, bytes.length)
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void failsOnTrailingBytes() {
        byte[] bytes = codec.encode(fullState());
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);

        assertThatThrownBy(() -> codec.decode(longer)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void failsOnAnUnknownVersion() {
        byte[] bytes = codec.encode(fullState());
        bytes[0] = 9;

        assertThatThrownBy(() -> codec.decode(bytes))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("version 9");
    }

    @Test
    void failsOnACountLargerThanTheRecord() {
        // version, base 0, flags 0, firstSeen none, scheduledAt none, then 2^31 - 1 devices, one present.
        byte[] bytes = {1, 0, 0, 1, 1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07, 2, 'x', 0, 0};

        assertThatThrownBy(() -> codec.decode(bytes)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void failsOnAHugeAlertedSetInsteadOfAllocatingIt() {
        // version, base 0, flags HAS_ALERTED, times none, no devices, four empty evidence sets,
        // then an alerted device set claiming 2^31 - 1 entries, the first of them present.
        byte[] bytes = {1, 0, 2, 1, 1, 0, 0, 2, 0, 2, 0, 2, 0, 2, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                0x07, 2, 'x'};

        assertThatThrownBy(() -> codec.decode(bytes)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void failsOnADeviceWithoutId() {
        // version, base 0, flags 0, times none, two devices of null id at the same time, empty evidence.
        byte[] bytes = {1, 0, 0, 1, 1, 2, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2, 0, 2, 0, 2};

        assertThatThrownBy(() -> codec.decode(bytes)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void corruptBytesOnlyEverFailWithIllegalStateException() {
        byte[] bytes = codec.encode(fullState());
        long seed = 20240501L;
        Random random = new Random(seed);

        for (int i = 0; i < 5_000; i++) {
            byte[] corrupt = bytes.clone();
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                corrupt[1 + random.nextInt(corrupt.length - 1)] = (byte) random.nextInt(256);
            }
            int round = i;
            try {
                codec.decode(corrupt);
            } catch (IllegalStateException expected) {
                // the only way to fail
            } catch (RuntimeException | OutOfMemoryError e) {
                throw new AssertionError("seed " + seed + ", round " + round + ": " + e, e);
            }
        }
    }
}
