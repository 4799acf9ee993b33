package org.rareegress.order;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.rareegress.detect.Candidate;
import org.rareegress.event.SourceRef;

/**
 * In-memory {@link OrderState} and {@link HeldEvents}: the stores' contract without Kafka, shared across restarts;
 * a {@link Task} holding them, and the progress reports and events the order tests are written in.
 */
final class OrderFakes {
    static final long SECOND = 1_000_000_000L;
    static final long MINUTE = 60 * SECOND;
    static final long T0 = 1_714_521_600_000_000_000L; // 2024-05-01T00:00:00Z

    private OrderFakes() {
    }

    /** One stateful task: its stores and what it hands on, kept across restarts of its {@link EventTimeOrder}. */
    static final class Task {
        final State state = new State();
        final Held held = new Held();
        final Recorder out = new Recorder();

        /** The task's order over {@code sources} sources; calling it again is a restart on the same stores. */
        EventTimeOrder newOrder(int sources) {
            return new EventTimeOrder(() -> sources, state, held, out);
        }
    }

    static SourceProgress progress(long watermark) {
        return new SourceProgress(watermark, Long.MAX_VALUE, Long.MIN_VALUE, false);
    }

    static SourceProgress idle(long watermark) {
        return new SourceProgress(watermark, Long.MAX_VALUE, Long.MIN_VALUE, true);
    }

    static Candidate event(long time, String device) {
        return new Candidate(time, device, device + ".corp", 0x08080808, 4444, "tool.exe", null, null, null, null,
                SourceRef.unknown());
    }

    /** Events equal in all but where they were read are interchangeable: this compares them without the source. */
    static Candidate withoutSource(Candidate c) {
        return new Candidate(c.timestampNanos(), c.deviceId(), c.deviceName(), c.remoteIpv4(), c.remotePort(),
                c.processFileName(), c.md5(), c.sha256(), c.commandLine(), c.folderPath(), null);
    }

    static final class State implements OrderState {
        final Map<Integer, SourceProgress> sources = new TreeMap<>();
        long released = Long.MIN_VALUE;

        @Override
        public Map<Integer, SourceProgress> sources() {
            return new TreeMap<>(sources);
        }

        @Override
        public void source(int id, SourceProgress progress) {
            sources.put(id, progress);
        }

        @Override
        public long released() {
            return released;
        }

        @Override
        public void released(long watermark) {
            released = watermark;
        }
    }

    static final class Held implements HeldEvents {
        private final TreeMap<Long, List<Candidate>> byTime = new TreeMap<>();
        private long count;

        @Override
        public void hold(Candidate event, long sequence) {
            byTime.computeIfAbsent(event.timestampNanos(), t -> new ArrayList<>()).add(event);
            count++;
        }

        @Override
        public long releaseBefore(long bound, Consumer<Candidate> next) {
            while (!byTime.isEmpty() && byTime.firstKey() < bound) {
                List<Candidate> sameTime = byTime.pollFirstEntry().getValue();
                count -= sameTime.size();
                sameTime.sort(CandidateOrder::compareContent);
                sameTime.forEach(next);
            }
            return earliest();
        }

        @Override
        public long earliest() {
            return byTime.isEmpty() ? Long.MAX_VALUE : byTime.firstKey();
        }

        @Override
        public long count() {
            return count;
        }
    }

    /** What a task hands on: the events in order, and the clock's moves. */
    static final class Recorder implements EventTimeOrder.Downstream {
        final List<Candidate> processed = new ArrayList<>();
        final List<Long> warmupFroms = new ArrayList<>();
        final List<Long> clock = new ArrayList<>();
        int outOfOrder;

        @Override
        public void process(Candidate event, long warmupFrom) {
            processed.add(event);
            warmupFroms.add(warmupFrom);
        }

        @Override
        public void advanceTo(long time, long warmupFrom) {
            clock.add(time);
        }

        @Override
        public void outOfOrder(Candidate event) {
            outOfOrder++;
        }
    }
}
