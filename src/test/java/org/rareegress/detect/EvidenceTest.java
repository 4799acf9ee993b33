package org.rareegress.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import org.junit.jupiter.api.Test;

class EvidenceTest {

    @Test
    void keepsEachValueOnceWithItsLatestSighting() {
        Evidence<String> evidence = new Evidence<>();

        evidence.add("a", 20, 64);
        evidence.add("a", 10, 64);
        evidence.add("b", 15, 64);

        assertThat(evidence.size()).isEqualTo(2);
        assertThat(evidence.lastSeen(0)).isEqualTo(20);
        assertThat(evidence.truncatedUntil()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void capEvictsTheLeastRecentlySeenValueAndRemembersIt() {
        Evidence<Integer> evidence = new Evidence<>();
        evidence.add(1, 10, 2);
        evidence.add(2, 20, 2);

        evidence.add(3, 30, 2);

        assertThat(evidence.sorted(Comparator.naturalOrder())).containsExactly(2, 3);
        assertThat(evidence.truncatedUntil()).isEqualTo(10);
    }

    @Test
    void capCutsTheNewcomerWhenItIsOlderThanEverythingKept() {
        Evidence<Integer> evidence = new Evidence<>();
        evidence.add(1, 10, 2);
        evidence.add(2, 20, 2);

        evidence.add(3, 5, 2);

        assertThat(evidence.sorted(Comparator.naturalOrder())).containsExactly(1, 2);
        assertThat(evidence.truncatedUntil()).isEqualTo(5);
    }

    @Test
    void saysItWasTruncatedOnlyWhileTheCutValueIsInsideTheWindow() {
        Evidence<Integer> evidence = new Evidence<>();
        evidence.add(1, 10, 1);
        evidence.add(2, 20, 1);

        boolean whileInside = evidence.truncatedSince(9);
        boolean atTheEdge = evidence.truncatedSince(10);

        assertThat(whileInside).isTrue();
        assertThat(atTheEdge).isFalse();
    }

    @Test
    void forgetsValuesAndTheTruncationMarkAtOrBeforeTheCutoff() {
        Evidence<Integer> evidence = new Evidence<>();
        evidence.add(1, 10, 2);
        evidence.add(2, 20, 2);
        evidence.add(3, 30, 2);

        boolean changed = evidence.removeUpTo(20);

        assertThat(changed).isTrue();
        assertThat(evidence.sorted(Comparator.naturalOrder())).containsExactly(3);
        assertThat(evidence.truncatedUntil()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void reportsNoChangeWhenNothingIsOldEnough() {
        Evidence<Integer> evidence = new Evidence<>();
        evidence.add(1, 10, 2);

        boolean changed = evidence.removeUpTo(9);

        assertThat(changed).isFalse();
    }

    @Test
    void earliestLastSeenCountsTheTruncationMark() {
        Evidence<Integer> evidence = new Evidence<>();
        Evidence<Integer> empty = new Evidence<>();
        evidence.add(1, 10, 1);
        evidence.add(2, 20, 1);

        long earliest = evidence.earliestLastSeen();

        assertThat(earliest).isEqualTo(10);
        assertThat(empty.earliestLastSeen()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void mostRecentValueBreaksTiesBySmallest() {
        Evidence<String> evidence = new Evidence<>();
        evidence.add("b", 20, 64);
        evidence.add("c", 20, 64);
        evidence.add("a", 20, 64);
        evidence.add("z", 10, 64);

        String sample = evidence.mostRecent(Comparator.naturalOrder());

        assertThat(sample).isEqualTo("a");
    }

    @Test
    void equalsComparesValuesTimesAndTruncationRegardlessOfOrder() {
        Evidence<String> one = new Evidence<>();
        Evidence<String> other = new Evidence<>();
        one.add("a", 1, 64);
        one.add("b", 2, 64);
        other.add("b", 2, 64);
        other.add("a", 1, 64);

        boolean equalBefore = one.equals(other);
        other.restoreTruncatedUntil(0);

        assertThat(equalBefore).isTrue();
        assertThat(one).isNotEqualTo(other);
    }
}
