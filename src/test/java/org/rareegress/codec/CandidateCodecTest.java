package org.rareegress.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rareegress.event.Events.anEvent;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rareegress.detect.Candidate;
import org.rareegress.event.SourceRef;

class CandidateCodecTest {

    private static Candidate roundTrip(Candidate candidate) {
        return CandidateCodec.decode(CandidateCodec.encode(candidate));
    }

    private static Candidate fullCandidate() {
        return new Candidate(1_714_557_600_123_456_700L, "dévice-é-日本", "hôst 🚀", 0xC8C8C801, 65535, "Tööl.EXE",
                "0123456789abcdef0123456789abcdef", "ff".repeat(32), "\"tööl.exe\" --x \u0000 \n ✓".repeat(100),
                "C:\\Prögram Files\\tool", SourceRef.kafka("mde.device-network-events", 11, 123_456_789_012L).withIndex(7));
    }

    @Test
    void roundTripsEveryField() {
        Candidate candidate = fullCandidate();

        Candidate decoded = roundTrip(candidate);

        assertThat(decoded).isEqualTo(candidate);
    }

    @Test
    void roundTripsNullFields() {
        Candidate candidate = new Candidate(0, "d1", null, 0, -1, null, null, null, null, null,
                SourceRef.file("x.jsonl", 3));

        Candidate decoded = roundTrip(candidate);

        assertThat(decoded).isEqualTo(candidate);
    }

    @Test
    void keepsEmptyStringsEmpty() {
        Candidate candidate = new Candidate(5, "", "", 1, 0, "", "", "", "", "", SourceRef.file("", 0));

        Candidate decoded = roundTrip(candidate);

        assertThat(decoded).isEqualTo(candidate);
    }

    @Test
    void roundTripsExtremeTimesAndNumbers() {
        Candidate max = new Candidate(Long.MAX_VALUE, "d", null, -1, Integer.MAX_VALUE, "p", null, null, null, null,
                new SourceRef("t", Integer.MAX_VALUE, Long.MAX_VALUE, null, -1, Integer.MAX_VALUE));
        Candidate min = new Candidate(Long.MIN_VALUE, "d", null, Integer.MIN_VALUE, Integer.MIN_VALUE, "p", null,
                null, null, null, new SourceRef(null, Integer.MIN_VALUE, Long.MIN_VALUE, "f", Long.MIN_VALUE, -1));

        assertThat(roundTrip(max)).isEqualTo(max);
        assertThat(roundTrip(min)).isEqualTo(min);
    }

    @Test
    void readsAMissingSourceAsUnknown() {
        Candidate candidate = new Candidate(5, "d1", null, 1, 2, "p.exe", null, null, null, null, null);

        Candidate decoded = roundTrip(candidate);

        assertThat(decoded.source()).isEqualTo(SourceRef.unknown());
    }

    @Test
    void roundTripsACandidateMadeFromAnEvent() {
        Candidate candidate = anEvent().toCandidate();

        Candidate decoded = roundTrip(candidate);

        assertThat(decoded).isEqualTo(candidate);
    }

    @Test
    void failsOnEveryTruncation() {
        byte[] bytes = CandidateCodec.encode(fullCandidate());

        for (int length = 0; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);

            assertThatThrownBy(() -> CandidateCodec.decode(truncated)).as("cut to %d of %d bytes", length, bytes.length)
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void failsOnTrailingBytes() {
        byte[] bytes = CandidateCodec.encode(fullCandidate());
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);

        assertThatThrownBy(() -> CandidateCodec.decode(longer)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void failsOnAnUnknownVersion() {
        byte[] bytes = CandidateCodec.encode(fullCandidate());
        bytes[0] = 9;

        assertThatThrownBy(() -> CandidateCodec.decode(bytes))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("version 9");
    }

    @Test
    void failsOnAStringLengthBeyondTheRecord() {
        // version 1, timestamp 0, then a device id claiming 2^31 - 1 bytes (length + 1 = 0x80000000).
        byte[] bytes = {1, 0, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08, 'x'};

        assertThatThrownBy(() -> CandidateCodec.decode(bytes)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void failsOnAnOverlongVarint() {
        byte[] bytes = new byte[16];
        Arrays.fill(bytes, (byte) 0xFF);
        bytes[0] = 1;

        assertThatThrownBy(() -> CandidateCodec.decode(bytes)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void corruptBytesOnlyEverFailWithIllegalStateException() {
        byte[] bytes = CandidateCodec.encode(fullCandidate());
        long seed = 20240501L;
        Random random = new Random(seed);

        for (int i = 0; i < 20_000; i++) {
            byte[] corrupt = bytes.clone();
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                corrupt[1 + random.nextInt(corrupt.length - 1)] = (byte) random.nextInt(256);
            }
            int round = i;
            try {
                CandidateCodec.decode(corrupt);
            } catch (IllegalStateException expected) {
                // the only way to fail
            } catch (RuntimeException | OutOfMemoryError e) {
                throw new AssertionError("seed " + seed + ", round " + round + ": " + e, e);
            }
        }
    }
}
