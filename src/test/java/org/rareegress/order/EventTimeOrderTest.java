package org.rareegress.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rareegress.order.OrderFakes.MINUTE;
import static org.rareegress.order.OrderFakes.T0;
import static org.rareegress.order.OrderFakes.event;
import static org.rareegress.order.OrderFakes.idle;
import static org.rareegress.order.OrderFakes.progress;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.rareegress.detect.Candidate;
import org.rareegress.event.SourceRef;

/**
 * Event-time order across sources: whatever the number of sources, the interleaving of their messages,
 * the progress reports between them and restarts of the task, kept events whose disorder is within
 * {@code D} come out sorted by Timestamp then content.
 */
class EventTimeOrderTest {
    private final OrderFakes.Task task = new OrderFakes.Task();
    private final OrderFakes.Recorder out = task.out;

    static Stream<Long> seeds() {
        return Stream.iterate(1L, seed -> seed + 1).limit(Integer.getInteger("order.seeds", 300));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void eventsWithinTheDisorderBoundComeOutSortedWhateverTheInterleavingReportsAndRestarts(long seed) {
        Random random = new Random(seed);
        int sources = 1 + random.nextInt(6);
        long bound = List.of(0L, MINUTE, 10 * MINUTE).get(random.nextInt(3));
        List<List<Candidate>> streams = new ArrayList<>();
        List<Candidate> all = new ArrayList<>();
        for (int s = 0; s < sources; s++) {
            List<Candidate> stream = disorderedWithin(random, 1 + random.nextInt(60), bound, s);
            streams.add(stream);
            all.addAll(stream);
        }
        List<SourceReading> readings = new ArrayList<>();
        for (int s = 0; s < sources; s++) {
            readings.add(new SourceReading(bound, 0));
        }
        int[] next = new int[sources];
        EventTimeOrder order = task.newOrder(sources);

        int remaining = all.size();
        while (remaining > 0) {
            int s = random.nextInt(sources);
            if (next[s] == streams.get(s).size()) {
                continue;
            }
            Candidate event = streams.get(s).get(next[s]++);
            remaining--;
            SourceProgress before = readings.get(s).progress();
            readings.get(s).read(event.timestampNanos(), 0);
            if (random.nextInt(4) > 0) { // a quarter of the events are not kept: they only move the watermark
                readings.get(s).kept(event.timestampNanos());
                order.onKept(s, before, SourceMessage.TIMELESS, event, remaining);
            } else {
                all.remove(event);
            }
            if (random.nextInt(5) == 0) {
                int reporter = random.nextInt(sources);
                order.onProgress(reporter, readings.get(reporter).report(), SourceMessage.TIMELESS);
            }
            if (random.nextInt(10) == 0) {
                order.persist();
            }
            if (random.nextInt(40) == 0) {
                order = task.newOrder(sources); // a restart: the same stores (what was persisted), a new task
            }
        }
        for (int s = 0; s < sources; s++) {
            order.onProgress(s, readings.get(s).reportIdle(), SourceMessage.FOREVER);
        }

        all.sort(CandidateOrder.EVENT_TIME);
        // Duplicates (equal in all but where they were read) are interchangeable: compare without the source.
        assertThat(out.processed.stream().map(OrderFakes::withoutSource).toList())
                .containsExactlyElementsOf(all.stream().map(OrderFakes::withoutSource).toList());
        assertThat(out.outOfOrder).isZero();
        assertThat(task.held.count()).isZero();
        if (!all.isEmpty()) {
            // After a restart the clock is moved again from where the stores stand (the tracker ignores a
            // move that is not ahead of its own stream time): its furthest move is what counts.
            assertThat(out.clock.stream().mapToLong(Long::longValue).max().orElseThrow())
                    .as("stream time ends at the newest kept event").isEqualTo(all.get(all.size() - 1).timestampNanos());
        }
    }

    @Test
    void aSourceThatHasNotReportedHoldsEveryEventBack() {
        EventTimeOrder order = task.newOrder(2);

        order.onKept(0, progress(T0 + 5 * MINUTE), SourceMessage.TIMELESS, event(T0, "d1"), 1);
        order.onProgress(0, progress(T0 + 10 * MINUTE), SourceMessage.TIMELESS);

        assertThat(out.processed).isEmpty();
        assertThat(order.heldCount()).isEqualTo(1);

        order.onProgress(1, progress(T0 + MINUTE), SourceMessage.TIMELESS);

        assertThat(out.processed).extracting(Candidate::deviceId).containsExactly("d1");
    }

    @Test
    void anIdleSourceStopsHoldingTheWatermarkBackUntilItDeliversAgain() {
        EventTimeOrder order = task.newOrder(2);
        order.onProgress(1, progress(T0 - MINUTE), SourceMessage.TIMELESS);
        order.onKept(0, SourceProgress.NONE, SourceMessage.TIMELESS, event(T0, "d1"), 1);
        order.onProgress(0, progress(T0 + MINUTE), SourceMessage.TIMELESS);

        assertThat(out.processed).isEmpty();

        order.onProgress(1, idle(T0 - MINUTE), SourceMessage.FOREVER);

        assertThat(out.processed).extracting(Candidate::deviceId).containsExactly("d1");

        order.onKept(0, progress(T0 + MINUTE), SourceMessage.TIMELESS, event(T0 + 2 * MINUTE, "d2"), 2);
        order.onProgress(1, progress(T0 + MINUTE), SourceMessage.TIMELESS);
        order.onProgress(0, progress(T0 + 3 * MINUTE), SourceMessage.TIMELESS);

        assertThat(out.processed).as("source 1 active again: held until it passes d2").hasSize(1);
    }

    @Test
    void whenEverySourceIsIdleEverythingHeldIsProcessedAndStreamTimeReachesTheNewestKeptEvent() {
        EventTimeOrder order = task.newOrder(1);
        order.onKept(0, SourceProgress.NONE, SourceMessage.TIMELESS, event(T0 + MINUTE, "d2"), 1);
        order.onKept(0, progress(T0 + MINUTE), SourceMessage.TIMELESS, event(T0, "d1"), 2);

        order.onProgress(0, idle(T0 + MINUTE), SourceMessage.FOREVER);

        assertThat(out.processed).extracting(Candidate::deviceId).containsExactly("d1", "d2");
        assertThat(out.clock).last().isEqualTo(T0 + MINUTE);
    }

    @Test
    void anEventBehindTheReleasedWatermarkIsProcessedAtOnceAndCounted() {
        EventTimeOrder order = task.newOrder(1);
        order.onKept(0, SourceProgress.NONE, SourceMessage.TIMELESS, event(T0, "d1"), 1);
        order.onProgress(0, progress(T0 + 10 * MINUTE), SourceMessage.TIMELESS);

        order.onKept(0, progress(T0 + 10 * MINUTE), SourceMessage.TIMELESS, event(T0 + MINUTE, "late"), 2);

        assertThat(out.processed).extracting(Candidate::deviceId).containsExactly("d1", "late");
        assertThat(out.outOfOrder).isEqualTo(1);
    }

    @Test
    void theWatermarkIsExclusiveSoAnEventStampedAtItStillComesInOrder() {
        EventTimeOrder order = task.newOrder(1);
        order.onKept(0, SourceProgress.NONE, SourceMessage.TIMELESS, event(T0, "b"), 1);
        order.onProgress(0, progress(T0), SourceMessage.TIMELESS);

        order.onKept(0, progress(T0), SourceMessage.TIMELESS, event(T0, "a"), 2);
        order.onProgress(0, progress(T0 + 1), SourceMessage.TIMELESS);

        assertThat(out.processed).extracting(Candidate::deviceId).containsExactly("a", "b");
        assertThat(out.outOfOrder).isZero();
    }

    @Test
    void streamTimeFollowsTheWatermarkButNeverPassesTheNewestKeptEvent() {
        EventTimeOrder order = task.newOrder(1);
        order.onKept(0, SourceProgress.NONE, SourceMessage.TIMELESS, event(T0, "d1"), 1);

        order.onProgress(0, progress(T0 + 5 * MINUTE).withKept(T0), SourceMessage.TIMELESS);

        assertThat(out.clock).last().isEqualTo(T0);

        order.onKept(0, progress(T0 + 5 * MINUTE), SourceMessage.TIMELESS, event(T0 + 20 * MINUTE, "d2"), 2);
        order.onProgress(0, progress(T0 + 10 * MINUTE), SourceMessage.TIMELESS);

        assertThat(out.clock).last().isEqualTo(T0 + 10 * MINUTE);
    }

    @Test
    void warmUpCountsFromTheEarliestKeptEventOfEverySource() {
        EventTimeOrder order = task.newOrder(2);
        order.onProgress(1, new SourceProgress(T0, T0 - 60 * MINUTE, T0, false), SourceMessage.TIMELESS);
        order.onKept(0, SourceProgress.NONE, SourceMessage.TIMELESS, event(T0 + MINUTE, "d1"), 1);

        order.onProgress(0, progress(T0 + 5 * MINUTE), SourceMessage.TIMELESS);
        order.onProgress(1, progress(T0 + 5 * MINUTE), SourceMessage.TIMELESS);

        assertThat(out.warmupFroms).containsExactly(T0 - 60 * MINUTE);
    }

    /** A source's events: on a coarse grid with ties, each at most {@code bound} behind the newest before it. */
    private static List<Candidate> disorderedWithin(Random random, int count, long bound, int source) {
        List<Candidate> events = new ArrayList<>();
        long newest = T0;
        for (int i = 0; i < count; i++) {
            long time = newest + (random.nextInt(3) - 1) * (bound == 0 ? 0 : random.nextLong(bound + 1))
                    + random.nextInt(3) * MINUTE;
            time = Math.max(time, newest - bound);
            newest = Math.max(newest, time);
            events.add(new Candidate(time, "d" + random.nextInt(4), "host", random.nextInt(3), 4444 + random.nextInt(2),
                    "tool" + random.nextInt(2) + ".exe", null, null, null, null, SourceRef.kafka("in", source, i)));
        }
        return events;
    }
}
