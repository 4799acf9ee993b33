package org.rareegress.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AlertRingTest {

    @Test
    void aPollerGetsEachAlertOnceInArrivalOrder() {
        AlertRing ring = new AlertRing(10, 1_000);
        ring.add(json("a"));
        ring.add(json("b"));

        AlertRing.Page first = ring.after(0, 100);
        ring.add(json("c"));
        AlertRing.Page second = ring.after(first.next(), 100);
        AlertRing.Page third = ring.after(second.next(), 100);

        assertThat(first.entries()).extracting(AlertRing.Entry::seq).containsExactly(1L, 2L);
        assertThat(second.entries()).extracting(e -> new String(e.json(), StandardCharsets.UTF_8)).containsExactly("\"c\"");
        assertThat(third.entries()).isEmpty();
        assertThat(third.next()).isEqualTo(3);
        assertThat(first.missed() || second.missed() || third.missed()).isFalse();
    }

    @Test
    void theOldestGoBeyondTheCountAndAPollerBehindIsToldItMissedSome() {
        AlertRing ring = new AlertRing(2, 1_000);
        for (String alert : new String[] {"a", "b", "c", "d"}) {
            ring.add(json(alert));
        }

        AlertRing.Page page = ring.after(1, 100);

        assertThat(page.entries()).extracting(AlertRing.Entry::seq).containsExactly(3L, 4L);
        assertThat(page.missed()).isTrue();
    }

    @Test
    void bytesBoundTheRingButTheNewestIsAlwaysKept() {
        AlertRing ring = new AlertRing(100, 10);
        ring.add(json("0123"));
        ring.add(json("4567"));
        ring.add(json("a much longer alert than the budget"));

        assertThat(ring.after(0, 100).entries()).extracting(AlertRing.Entry::seq).containsExactly(3L);
    }

    @Test
    void aPollerFromBeforeARestartStartsOver() {
        AlertRing ring = new AlertRing(10, 1_000);
        ring.add(json("a"));

        AlertRing.Page page = ring.after(57, 100);

        assertThat(page.missed()).isTrue();
        assertThat(page.entries()).extracting(AlertRing.Entry::seq).containsExactly(1L);
        assertThat(page.next()).isEqualTo(1);
    }

    @Test
    void aPageHoldsAtMostTheLimit() {
        AlertRing ring = new AlertRing(10, 1_000);
        for (int i = 0; i < 5; i++) {
            ring.add(json("x" + i));
        }

        AlertRing.Page page = ring.after(0, 2);

        assertThat(page.entries()).extracting(AlertRing.Entry::seq).containsExactly(1L, 2L);
        assertThat(page.next()).isEqualTo(2);
    }

    private static byte[] json(String text) {
        return ("\"" + text + "\"").getBytes(StandardCharsets.UTF_8);
    }
}
