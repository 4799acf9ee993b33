package org.rareegress.order;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.rareegress.detect.Candidate;

/** In-memory {@link OrderState} and {@link HeldEvents}: the stores' contract without Kafka, shared across restarts. */
final class OrderFakes {
    private OrderFakes() {
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
