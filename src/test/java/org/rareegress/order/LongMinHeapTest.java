package org.rareegress.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongMinHeapTest {
    @Test
    void behavesLikeAPriorityQueueOfLongsThroughGrowthAndShrinking() {
        Random random = new Random(5);
        LongMinHeap heap = new LongMinHeap();
        PriorityQueue<Long> expected = new PriorityQueue<>();

        for (int step = 0; step < 200_000; step++) {
            if (expected.isEmpty() || random.nextInt(3) > 0 && step < 100_000) {
                long value = random.nextInt(1_000) * (random.nextBoolean() ? 1L : -1L) + (random.nextBoolean() ? Long.MIN_VALUE / 2 : 0);
                heap.add(value);
                expected.add(value);
            } else {
                assertThat(heap.min()).isEqualTo(expected.peek());
                heap.removeMin();
                expected.poll();
            }
            assertThat(heap.size()).isEqualTo(expected.size());
        }

        assertThat(heap.min()).isEqualTo(expected.isEmpty() ? Long.MAX_VALUE : expected.peek());
    }
}
