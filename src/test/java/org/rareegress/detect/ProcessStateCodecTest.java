package org.rareegress.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rareegress.codec.BinaryWriter;
import org.rareegress.codec.CandidateCodec;
import org.rareegress.codec.ProcessStateCodec;
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
        assertThat(actual.suppressedUntil).isEqualTo(expected.suppressedUntil);
    }

    @Test
    void writesVersionThreeOnlyForAStateWhoseNewRareAStormSuppressed() {
        ProcessState state = fullState();
        byte[] plain = codec.encode(state);
        state.suppressedUntil = T0 + 600_000_000_000L;

        byte[] suppressed = codec.encode(state);

        assertThat(plain[0]).as("every other state stays readable by a release that reads version 2").isEqualTo((byte) 2);
        assertThat(suppressed[0]).isEqualTo((byte) 3);
        assertSameState(codec.decode(suppressed), state);
        assertThat(codec.decode(plain).suppressedUntil).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void roundTripsEveryPartOfAFullState() {
        ProcessState state = fullState();

        ProcessState decoded = roundTrip(state);

        assertSameState(decoded, state);
        assertThat(decoded.hashes.truncatedUntil()).isEqualTo(T0);
    }

    @Test
    void decodesWithALowerThresholdKeepingEveryAlertedDevice() {
        String[] ids = {"00000000000000000000000000000000000000d1", "00000000000000000000000000000000000000d2",
            "00000000000000000000000000000000000000d3"};
        ProcessState state = new ProcessState(4);
        for (int i = 0; i < ids.length; i++) {
            state.devices.observe(ids[i], "ws-" + i + ".corp.example", T0 + i);
        }
        state.alerted = new AlertFacts(Set.of(ids), Set.of(), Set.of(4444));

        ProcessState lowered = new ProcessStateCodec(2).decode(codec.encode(state));

        assertThat(lowered.devices.size()).isEqualTo(2);
        assertThat(lowered.alerted).isEqualTo(state.alerted);
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
            // MD5s as the readers deliver them (32 hex digits): the tracker's rows are checked against their schema.
            Candidate event = new Candidate(T0 + i, "d" + (i % 3), "h", i, 1000 + i, "t.exe", String.format("%032x", i), null, "c" + i,
                    null, SourceRef.kafka("t", 0, i));
            tracker.onEvent("t.exe", state, event, T0 + i, true, out);
        }

        ProcessState decoded = roundTrip(state);

        assertSameState(decoded, state);
        assertThat(codec.encode(decoded)).isEqualTo(codec.encode(state));
    }

    @Test
    void readsVersion1AsEarlierReleasesStoredIt() {
        ProcessState state = typicalState();
        state.alerted = new AlertFacts(Set.of(DEVICE_A, "gone-device"), Set.of(MD5, "not-hex"), Set.of(4444));

        ProcessState decoded = codec.decode(Version1.encode(state));

        assertSameState(decoded, state);
    }

    @Test
    void writesVersion2AndRoundTripsAVersion1State() {
        ProcessState fromVersion1 = codec.decode(Version1.encode(fullState()));

        byte[] rewritten = codec.encode(fromVersion1);

        assertThat(rewritten[0]).isEqualTo((byte) 2);
        assertSameState(codec.decode(rewritten), fullState());
    }

    @Test
    void storesHexIdsAsBytesAndSharedDomainsOnce() {
        ProcessState state = typicalState();
        state.alerted = new AlertFacts(Set.of(DEVICE_A, DEVICE_B), Set.of(MD5), Set.of(4444));

        byte[] compact = codec.encode(state);

        assertSameState(codec.decode(compact), state);
        assertThat(compact.length).isLessThan(Version1.encode(state).length * 6 / 10);
    }

    @Test
    void roundTripsNamesThatShareOnlyPartOfASurrogatePair() {
        ProcessState state = new ProcessState(4);
        // U+1F600 and U+1F200: different high surrogates, the same low one, then the same domain.
        state.devices.observe("a", "x\uD83D\uDE00.corp", T0);
        state.devices.observe("b", "y\uD83C\uDE00.corp", T0 + 1);
        state.devices.observe("c", "\uD83C\uDE00.corp", T0 + 2);

        assertSameState(roundTrip(state), state);
    }

    private static final String DEVICE_A = "33b2bfc55bd98a79be8ce7132b6db32c05c41a32";
    private static final String DEVICE_B = "0a8bb28c74661a8eb035f5f61ade075e1ec2b1a4";
    private static final String MD5 = "e26fbbd96115cea9d139093d7fadce2d";

    /** What a rare process's state usually holds: Defender ids and hashes, FQDN device names. */
    private static ProcessState typicalState() {
        ProcessState state = new ProcessState(4);
        state.devices.observe(DEVICE_A, "lt-sales-0088.corp.contoso.com", T0);
        state.devices.observe(DEVICE_B, "ws-fin-0012.corp.contoso.com", T0 + 1_000);
        state.hashes.add(MD5, T0, 64);
        state.ports.add(4444, T0, 64);
        state.remoteIps.add(0x01020304, T0, 64);
        state.commandLines.add("\"C:\\Users\\a\\tool.exe\" -c", T0, 64);
        state.firstSeen = T0;
        state.rowPublished = true;
        state.scheduledAt = T0 + 30L * 86_400_000_000_000L;
        return state;
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

    /** The version 1 layout, as releases before the compact form wrote it. */
    private static final class Version1 {
        static byte[] encode(ProcessState state) {
            BinaryWriter out = new BinaryWriter(256);
            out.writeByte(1);
            long base = state.devices.size() == 0 ? 0 : state.devices.newestLastSeen();
            out.writeVarLong(base);
            out.writeByte((state.rowPublished ? 1 : 0) | (state.alerted != null ? 2 : 0) | (state.pending != null ? 4 : 0));
            time(out, base, state.firstSeen);
            time(out, base, state.scheduledAt);
            out.writeVarInt(state.devices.size());
            for (int i = 0; i < state.devices.size(); i++) {
                out.writeString(state.devices.id(i));
                out.writeString(state.devices.name(i));
                out.writeZigZag(state.devices.lastSeen(i) - base);
            }
            evidence(out, base, state.hashes, out::writeString);
            evidence(out, base, state.ports, out::writeVarInt);
            evidence(out, base, state.remoteIps, out::writeInt);
            evidence(out, base, state.commandLines, out::writeString);
            if (state.alerted != null) {
                set(out, state.alerted.deviceIds(), out::writeString);
                set(out, state.alerted.hashes(), out::writeString);
                set(out, state.alerted.ports(), out::writeVarInt);
            }
            if (state.pending != null) {
                time(out, base, state.pending.dueAt());
                time(out, base, state.pending.detectedAt());
                CandidateCodec.write(out, state.pending.trigger());
            }
            return out.toByteArray();
        }

        private static void time(BinaryWriter out, long base, long time) {
            if (time == Long.MAX_VALUE || time == Long.MIN_VALUE) {
                out.writeByte(time == Long.MAX_VALUE ? 1 : 2);
                return;
            }
            out.writeByte(0);
            out.writeZigZag(time - base);
        }

        private static <T> void evidence(BinaryWriter out, long base, Evidence<T> evidence, java.util.function.Consumer<T> write) {
            out.writeVarInt(evidence.size());
            time(out, base, evidence.truncatedUntil());
            for (int i = 0; i < evidence.size(); i++) {
                write.accept(evidence.value(i));
                out.writeZigZag(evidence.lastSeen(i) - base);
            }
        }

        private static <T> void set(BinaryWriter out, Set<T> set, java.util.function.Consumer<T> write) {
            out.writeVarInt(set.size());
            set.stream().sorted().forEach(write);
        }
    }
}
