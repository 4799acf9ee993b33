package org.rareegress.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rareegress.order.OrderFakes.MINUTE;
import static org.rareegress.order.OrderFakes.SECOND;
import static org.rareegress.order.OrderFakes.T0;
import static org.rareegress.order.OrderFakes.event;
import static org.rareegress.order.OrderFakes.idle;
import static org.rareegress.order.OrderFakes.progress;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rareegress.detect.Candidate;
import org.rareegress.event.SourceRef;

/**
 * Idle sources in a live run: a source caught up and quiet stops holding the watermark back, but only as of
 * its last confirmation. When it has data again, or its reader is gone (its task moving to another instance),
 * the others are counted only as far as they had come by then, so nothing runs ahead of events it has not
 * sent yet.
 */
class IdleSourcesTest {
    private final OrderFakes.Task task = new OrderFakes.Task();
    private final OrderFakes.Recorder out = task.out;

    @Test
    void anIdleSourceCountsAsIdleOnlyUpToItsLastConfirmation() {
        EventTimeOrder order = task.newOrder(2);
        order.onProgress(1, progress(T0), 1_000);
        order.onProgress(1, idle(T0), 1_000);
        order.onKept(0, progress(T0), 1_500, event(T0 + MINUTE, "d1"), 1);
        order.onProgress(0, progress(T0 + 10 * MINUTE), 1_600);

        assertThat(out.processed).as("source 0 moved on after source 1 was last confirmed idle").isEmpty();

        order.onProgress(1, idle(T0), 1_700);

        assertThat(out.processed).extracting(Candidate::deviceId).containsExactly("d1");
    }

    @Test
    void aSourceBackFromIdleBeforeItsNextConfirmationIsNotOvertaken() {
        EventTimeOrder order = task.newOrder(2);
        order.onProgress(1, idle(T0), 1_000);
        // Both sources get data at once; source 0's reader is faster.
        order.onProgress(0, progress(T0), 1_200);
        order.onKept(0, progress(T0), 1_200, event(T0 + 2 * MINUTE, "from-0"), 1);
        order.onProgress(0, progress(T0 + 10 * MINUTE), 1_300);
        order.onProgress(1, progress(T0), 1_400);
        order.onKept(1, progress(T0), 1_400, event(T0 + MINUTE, "from-1"), 2);
        order.onProgress(1, progress(T0 + 10 * MINUTE), 1_500);

        assertThat(out.processed).extracting(Candidate::deviceId).containsExactly("from-1", "from-0");
        assertThat(out.outOfOrder).isZero();
    }

    @Test
    void aSourceWhoseReaderIsGoneHoldsTheWatermarkWhereItWasLastConfirmed() {
        EventTimeOrder order = task.newOrder(2);
        order.onProgress(0, progress(T0), 900);
        order.onProgress(1, idle(T0), 1_000);
        // Source 1's task moves: no more confirmations. Source 0 goes on for a long while.
        for (int i = 1; i <= 50; i++) {
            order.onKept(0, progress(T0 + (i - 1) * MINUTE), 1_000 + i * 200L, event(T0 + i * MINUTE, "a" + i), i);
        }
        order.onProgress(0, progress(T0 + 60 * MINUTE), 12_000);

        assertThat(out.processed).as("nothing past what source 0 had read when source 1 was last confirmed").isEmpty();

        // The reader on the new instance reads what had arrived meanwhile, then catches up and goes idle again.
        order.onProgress(1, progress(T0), 14_000);
        order.onKept(1, progress(T0), 14_000, event(T0 + 30 * MINUTE + 1, "b"), 100);
        order.onProgress(1, progress(T0 + 40 * MINUTE), 14_100);

        List<String> ids = out.processed.stream().map(Candidate::deviceId).toList();
        assertThat(ids).hasSize(40).endsWith("a39");
        assertThat(ids.indexOf("b")).as("b in its place, after a30").isEqualTo(30);

        order.onProgress(1, idle(T0 + 40 * MINUTE), 15_000);

        assertThat(out.processed).extracting(Candidate::deviceId).hasSize(51).endsWith("a50");
        assertThat(out.outOfOrder).isZero();
    }

    @Test
    void afterARestartAnIdleSourceHoldsUntilItIsConfirmedAgain() {
        EventTimeOrder order = task.newOrder(2);
        order.onProgress(0, progress(T0), 900);
        order.onProgress(1, idle(T0), 1_000);
        order.persist();

        order = task.newOrder(2); // a restart: confirmations are not state
        order.onKept(0, progress(T0), 1_100, event(T0 + MINUTE, "d1"), 1);
        order.onProgress(0, progress(T0 + 10 * MINUTE), 1_200);

        assertThat(out.processed).isEmpty();

        order.onProgress(1, idle(T0), 1_300);

        assertThat(out.processed).extracting(Candidate::deviceId).containsExactly("d1");
    }

    @Test
    void aSourceThatHasEndedNeverHoldsTheWatermark() {
        EventTimeOrder order = task.newOrder(2);
        order.onProgress(1, idle(T0), SourceMessage.FOREVER);
        order.onKept(0, progress(T0), 1_000_000, event(T0 + MINUTE, "d1"), 1);
        order.onProgress(0, progress(T0 + 10 * MINUTE), 2_000_000);

        assertThat(out.processed).extracting(Candidate::deviceId).containsExactly("d1");
    }

    @Test
    void whenEverySourceIsIdleOneThatWasBusyAfterAnothersLastConfirmationStillWaitsForIt() {
        // Source 1 is confirmed idle at 1,000 and its reader goes (its task moves to another instance).
        // Source 0 then reads an hour of events and goes idle itself. Every source is idle, but source 1
        // may have data from after 1,000 that its next reader will deliver: source 0's events must wait.
        EventTimeOrder order = task.newOrder(2);
        order.onProgress(0, progress(T0), 900);
        order.onProgress(1, idle(T0), 1_000);
        order.onKept(0, progress(T0), 2_000, event(T0 + 60 * MINUTE, "d-late-hour"), 1);
        order.onProgress(0, progress(T0 + 61 * MINUTE), 2_100);
        order.onProgress(0, idle(T0 + 61 * MINUTE), 5_000);

        assertThat(out.processed).as("held while source 1 is known idle only up to 1,000").isEmpty();

        order.onKept(1, progress(T0), 6_000, event(T0 + 30 * MINUTE, "d-half-hour"), 2);
        order.onProgress(1, idle(T0 + 31 * MINUTE), 7_000);
        order.onProgress(0, idle(T0 + 61 * MINUTE), 8_000);

        assertThat(out.processed).extracting(Candidate::deviceId).containsExactly("d-half-hour", "d-late-hour");
    }

    @Test
    void anIdleSourceUnconfirmedForLongWhileTheOthersTellTheTimeStopsHoldingThem() {
        // Source 1's reader is gone for good (an instance killed, its partition not yet taken over): after
        // STALE_CONFIRMATION_MILLIS of the others' time it no longer holds what they delivered since.
        EventTimeOrder order = task.newOrder(2);
        order.onProgress(0, progress(T0), 900);
        order.onProgress(1, idle(T0), 1_000);
        order.onKept(0, progress(T0), 2_000, event(T0 + 60 * MINUTE, "d1"), 1);
        order.onProgress(0, idle(T0 + 61 * MINUTE), 5_000);
        order.onProgress(0, idle(T0 + 61 * MINUTE), 1_000 + EventTimeOrder.STALE_CONFIRMATION_MILLIS);

        assertThat(out.processed).as("still within the lease").isEmpty();

        order.onProgress(0, idle(T0 + 61 * MINUTE), 1_001 + EventTimeOrder.STALE_CONFIRMATION_MILLIS);

        assertThat(out.processed).extracting(Candidate::deviceId).containsExactly("d1");
    }

    @Test
    void anIdleSourceWithSomethingToReadIsActiveAgainButAnEndedOneSaysNothingMore() {
        SourceReading idle = new SourceReading(0, 0);
        SourceReading ended = new SourceReading(0, 0);
        idle.reportIdle();
        ended.reportEnded();

        SourceReading.Report backAgain = idle.tick(5_000, 1_000, 0, () -> false);
        assertThat(backAgain).isNotNull();
        assertThat(backAgain.progress().idle()).isFalse();
        for (long now = 5_000; now < 10_000; now += 100) {
            boolean caughtUp = now % 200 == 0;
            assertThat(ended.tick(now, 1_000, 0, () -> caughtUp)).as("tick at %d", now).isNull();
        }
    }

    @Test
    void aQuietCaughtUpSourceConfirmsAtEveryTickDatedATickBackLessTheMargin() {
        SourceReading reading = new SourceReading(0, 0);
        reading.read(T0, 0);
        assertThat(reading.tick(100, 1_000, 30, () -> true)).as("it advanced").isNotNull();

        assertThat(reading.tick(900, 1_000, 30, () -> true)).as("not quiet long enough").isNull();
        assertThat(reading.tick(1_000, 1_000, 30, () -> true)).as("the first check vouches for nothing").isNull();
        SourceReading.Report confirmed = reading.tick(1_100, 1_000, 30, () -> true);
        assertThat(confirmed.progress().idle()).isTrue();
        assertThat(confirmed.asOf()).isEqualTo(1_000 - 30);
        assertThat(reading.tick(1_200, 1_000, 30, () -> true).asOf()).isEqualTo(1_100 - 30);
    }

    static Stream<Long> seeds() {
        return Stream.iterate(1L, seed -> seed + 1).limit(Integer.getInteger("idle.seeds", 300));
    }

    /**
     * A live run in miniature. Events reach each source (partition) over wall-clock time, with gaps long enough
     * for sources to go idle; each is stamped at most {@code D} before the wall clock (the contract's bound on
     * disorder). Readers read at their own pace with {@link SourceReading} as the real one does, and their
     * messages reach the stateful task with any delay (in order per source); the task restarts now and then.
     * Every kept event must come out in event-time order, none behind the watermark.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void readersThatGoIdleAndComeBackNeverLetTheWatermarkRunAheadOfTheirEvents(long seed) {
        Random random = new Random(seed);
        int sourceCount = 1 + random.nextInt(5);
        long idleTimeoutMillis = 200 + random.nextInt(400);
        // Within the bound the contract sets: a silence on every source as long as the idle timeout releases
        // everything held, so what comes after it must not be older than what came before (true whenever the
        // idle timeout, in event time, is longer than D: here a wall-clock millisecond is an event-time second).
        long bound = List.of(0L, MINUTE, 3 * MINUTE).get(random.nextInt(3));
        List<SimulatedSource> sources = new ArrayList<>();
        List<Candidate> expected = new ArrayList<>();
        for (int s = 0; s < sourceCount; s++) {
            SimulatedSource source = new SimulatedSource(s, random, bound, idleTimeoutMillis);
            sources.add(source);
            expected.addAll(source.kept);
        }
        EventTimeOrder order = task.newOrder(sourceCount);
        long sequence = 0;

        for (long now = 0; now < SimulatedSource.SPAN_MILLIS + 2_000; now += 1 + random.nextInt(30)) {
            for (SimulatedSource source : sources) {
                if (random.nextInt(3) > 0) { // readers are not always scheduled
                    source.readAndReport(now, random);
                }
            }
            for (int deliveries = random.nextInt(2 * sourceCount + 1); deliveries > 0; deliveries--) {
                SimulatedSource source = sources.get(random.nextInt(sourceCount));
                if (!source.channel.isEmpty()) {
                    deliver(order, source.channel.poll(), sequence++);
                }
            }
            if (random.nextInt(200) == 0) {
                order.persist();
                order = task.newOrder(sourceCount);
            }
        }
        for (SimulatedSource source : sources) {
            source.end();
        }
        for (SimulatedSource source : sources) {
            while (!source.channel.isEmpty()) {
                deliver(order, source.channel.poll(), sequence++);
            }
        }

        expected.sort(CandidateOrder.EVENT_TIME);
        assertThat(out.outOfOrder).as("events processed behind the watermark").isZero();
        // Events equal in all but where they were read are interchangeable: compare without the source.
        assertThat(out.processed.stream().map(OrderFakes::withoutSource).toList())
                .containsExactlyElementsOf(expected.stream().map(OrderFakes::withoutSource).toList());
        assertThat(task.held.count()).isZero();
    }

    /** One partition: its events (each reaching it at a wall-clock instant) and its reader's messages in transit. */
    private static final class SimulatedSource {
        static final long SPAN_MILLIS = 8_000;
        /** Event time runs a second per millisecond of wall clock, so that the watermark moves far and fast. */
        static final long NANOS_PER_MILLI = SECOND;

        final int id;
        final long idleTimeoutMillis;
        final List<long[]> arrivals = new ArrayList<>(); // {wall ms, index into events}
        final List<Candidate> events = new ArrayList<>();
        final List<Boolean> keep = new ArrayList<>();
        final List<Candidate> kept = new ArrayList<>();
        final ArrayDeque<SourceMessage> channel = new ArrayDeque<>();
        final SourceReading reading;
        int read;

        SimulatedSource(int id, Random random, long bound, long idleTimeoutMillis) {
            this.id = id;
            this.idleTimeoutMillis = idleTimeoutMillis;
            this.reading = new SourceReading(bound, 0);
            long wall = random.nextInt(500);
            while (wall < SPAN_MILLIS) {
                long stamped = T0 + wall * NANOS_PER_MILLI - (bound == 0 ? 0 : random.nextLong(bound + 1));
                Candidate event = new Candidate(stamped, "d" + random.nextInt(5), "host", random.nextInt(3),
                        4444 + random.nextInt(2), "tool" + random.nextInt(3) + ".exe", null, null, null, null,
                        SourceRef.kafka("in", id, events.size()));
                arrivals.add(new long[] {wall, events.size()});
                events.add(event);
                keep.add(random.nextInt(4) > 0);
                if (keep.get(keep.size() - 1)) {
                    kept.add(event);
                }
                // Mostly a steady trickle, sometimes a silence longer than the idle timeout.
                wall += random.nextInt(10) == 0 ? 300 + random.nextInt(1_500) : random.nextInt(40);
            }
        }

        /** The reader's turn at {@code now}: reads some of what has arrived, reports as the live reader does. */
        void readAndReport(long now, Random random) {
            read(now, 1 + random.nextInt(20));
            if (random.nextInt(4) == 0) { // the report tick comes less often than reads
                tick(now);
            }
        }

        private void read(long now, int budget) {
            while (budget-- > 0 && read < arrivals.size() && arrivals.get(read)[0] <= now) {
                int index = (int) arrivals.get(read)[1];
                Candidate event = events.get(index);
                read++;
                if (reading.mustAnnounce()) {
                    channel.add(new SourceMessage.Progress(id, reading.report(), now));
                }
                SourceProgress before = reading.progress();
                reading.read(event.timestampNanos(), now);
                if (keep.get(index)) {
                    reading.kept(event.timestampNanos());
                    channel.add(new SourceMessage.Kept(id, before, now, event));
                }
            }
        }

        private void tick(long now) {
            boolean caughtUp = read == arrivals.size() || arrivals.get(read)[0] > now;
            SourceReading.Report report = reading.tick(now, idleTimeoutMillis, 0, () -> caughtUp);
            if (report != null) {
                channel.add(new SourceMessage.Progress(id, report.progress(), report.asOf()));
            }
        }

        /** The end of the input: the reader reads the rest, and the source ends. */
        void end() {
            read(SPAN_MILLIS, Integer.MAX_VALUE);
            tick(SPAN_MILLIS);
            channel.add(new SourceMessage.Progress(id, reading.reportEnded(), SourceMessage.FOREVER));
        }
    }

    private static void deliver(EventTimeOrder order, SourceMessage message, long sequence) {
        if (message instanceof SourceMessage.Kept kept) {
            order.onKept(kept.source(), kept.before(), kept.asOf(), kept.candidate(), sequence);
        } else {
            order.onProgress(message.source(), ((SourceMessage.Progress) message).progress(), message.asOf());
        }
    }
}
