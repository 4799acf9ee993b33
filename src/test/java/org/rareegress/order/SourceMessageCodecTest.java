package org.rareegress.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.rareegress.detect.Candidate;
import org.rareegress.event.SourceRef;

class SourceMessageCodecTest {
    private static final long T0 = 1_714_521_600_000_000_000L;
    private static final SourceProgress PROGRESS = new SourceProgress(T0, T0 - 5, T0 + 5, false);
    private static final Candidate EVENT = new Candidate(T0, "d1", "host1", 0x08080808, 4444, "tool.exe",
            "00000000000000000000000000000001", null, "tool.exe --x", "C:\\tool.exe", SourceRef.kafka("in", 3, 17));

    @Test
    void messagesComeBackAsTheyWereWrittenWithWhenTheyHold() {
        for (long asOf : new long[] {1_733_400_000_000L, SourceMessage.TIMELESS, SourceMessage.FOREVER, 0}) {
            SourceMessage kept = new SourceMessage.Kept(3, PROGRESS, asOf, EVENT);
            SourceMessage idle = new SourceMessage.Progress(7, new SourceProgress(T0, Long.MAX_VALUE, Long.MIN_VALUE, true),
                    asOf);

            assertThat(SourceMessageCodec.decode(SourceMessageCodec.encode(kept))).isEqualTo(kept);
            assertThat(SourceMessageCodec.decode(SourceMessageCodec.encode(idle))).isEqualTo(idle);
        }
    }

    @Test
    void messagesOfTheReleaseBeforeConfirmationsAreReadAsThatReleaseMeantThem() {
        byte[] progress = SourceMessageCodec.encode(PROGRESS);
        byte[] idleProgress = SourceMessageCodec.encode(new SourceProgress(T0, T0, T0, true));
        // Kind 2: source, progress, candidate; kind 3: source, progress (what that release wrote).
        byte[] keptNow = SourceMessageCodec.encode(new SourceMessage.Kept(3, PROGRESS, 0, EVENT));
        byte[] candidate = Arrays.copyOfRange(keptNow, 2 + progress.length + 1, keptNow.length);
        byte[] legacyKept = concat(new byte[] {2, 3}, progress, candidate);
        byte[] legacyIdle = concat(new byte[] {3, 7}, idleProgress);
        byte[] legacyActive = concat(new byte[] {3, 7}, progress);

        assertThat(SourceMessageCodec.decode(legacyKept)).isEqualTo(
                new SourceMessage.Kept(3, PROGRESS, SourceMessage.TIMELESS, EVENT));
        assertThat(SourceMessageCodec.decode(legacyIdle)).isEqualTo(
                new SourceMessage.Progress(7, new SourceProgress(T0, T0, T0, true), SourceMessage.FOREVER));
        assertThat(SourceMessageCodec.decode(legacyActive)).isEqualTo(
                new SourceMessage.Progress(7, PROGRESS, SourceMessage.TIMELESS));
    }

    @Test
    void aCandidateOfSemanticsVersionOneIsRefusedByName() {
        assertThatThrownBy(() -> SourceMessageCodec.decode(new byte[] {1, 0}))
                .hasMessageContaining("semantics version 2").hasMessageContaining("kafka.application.id");
    }

    private static byte[] concat(byte[]... parts) {
        int length = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
