package org.rareegress.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rareegress.event.IpAddresses;
import org.rareegress.event.SourceRef;
import org.rareegress.event.Timestamps;

/**
 * The bounded state (N devices, capped evidence, pruning behind the N-th device) against a brute
 * force count over every processed event, on random out-of-order traffic of one process that keeps
 * turning rare and prevalent. Expiry checks fire at {@link ProcessTracker#nextCheck}, as the
 * topology schedules them.
 */
class ProcessTrackerWindowTest {
    private static final long DAY = Duration.ofDays(1).toNanos();
    private static final long W = 10 * DAY;
    private static final int N = 3;
    private static final long T0 = Timestamps.parseNanos("2024-05-01T00:00:00Z");
    private static final String PROCESS = "tool.exe";

    private final List<Candidate> processed = new ArrayList<>();

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void rowsAreExactlyTheWindowOfEveryProcessedEvent(long seed) {
        ProcessTracker tracker = tracker(1_000);

        replay(seed, tracker, (time, row) -> {
            Expected expected = expectedAt(time);
            assertThat(row == null).as("rare at %s (seed %d)", Timestamps.format(time), seed)
                    .isEqualTo(expected == null);
            if (row != null) {
                assertThat(row.deviceCount()).isEqualTo(expected.devices.size());
                assertThat(row.devices()).extracting(d -> d.deviceId() + "@" + d.lastSeen())
                        .containsExactlyElementsOf(expected.deviceLines());
                assertThat(row.hashes()).containsExactlyElementsOf(expected.hashes);
                assertThat(row.ports()).containsExactlyElementsOf(expected.ports);
                assertThat(row.remoteIps()).containsExactlyElementsOf(expected.remoteIps);
                assertThat(row.sampleProcess()).isEqualTo(expected.sampleProcess);
                assertThat(row.sampleRemoteIp()).isEqualTo(expected.sampleRemoteIp);
                assertThat(row.lastSeen()).isEqualTo(Timestamps.format(expected.lastSeen));
                assertThat(row.evidenceTruncated()).isFalse();
            }
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13, 14, 15, 16})
    void cappedRowsShowOnlyWindowFactsAndSayWhenSomeAreMissing(long seed) {
        ProcessTracker tracker = tracker(2);

        replay(seed, tracker, (time, row) -> {
            Expected expected = expectedAt(time);
            assertThat(row == null).isEqualTo(expected == null);
            if (row != null) {
                assertThat(row.deviceCount()).isEqualTo(expected.devices.size());
                assertThat(expected.hashes).containsAll(row.hashes());
                assertThat(expected.ports).containsAll(row.ports());
                assertThat(expected.remoteIps).containsAll(row.remoteIps());
                boolean complete = row.hashes().equals(expected.hashes) && row.ports().equals(expected.ports)
                        && row.remoteIps().equals(expected.remoteIps);
                if (!complete) {
                    assertThat(row.evidenceTruncated()).as("flag when facts are missing at %s (seed %d)",
                            Timestamps.format(time), seed).isTrue();
                }
            }
        });
    }

    private interface RowCheck {
        void check(long time, HuntRow rowOrNullWhenNotRare);
    }

    private static ProcessTracker tracker(int cap) {
        return new ProcessTracker(new DetectorSettings(Duration.ofDays(10), N, Duration.ZERO, cap, Duration.ZERO));
    }

    /** Feeds random traffic, checking the table after every event and every expiry check. */
    private void replay(long seed, ProcessTracker tracker, RowCheck check) {
        Random random = new Random(seed);
        RecordingOutput out = new RecordingOutput();
        ProcessState state = tracker.newState();
        long streamTime = Long.MIN_VALUE;
        int rareEpisodes = 0;
        boolean wasRare = false;
        for (int i = 0; i < 1_000; i++) {
            long time = streamTime == Long.MIN_VALUE ? T0 : nextTime(random, streamTime);
            if (streamTime != Long.MIN_VALUE && time <= tracker.lateCutoff(streamTime)) {
                continue; // late: the topology drops it
            }
            long newStreamTime = Math.max(streamTime, time);
            for (int guard = 0; tracker.nextCheck(state) <= newStreamTime; guard++) {
                assertThat(guard).as("expiry checks terminate").isLessThan(100);
                long due = tracker.nextCheck(state);
                tracker.onCheck(PROCESS, state, due, out);
                check.check(due, tracker.isRare(state) ? tracker.row(PROCESS, state, due) : null);
                if (state.isEmpty()) {
                    state = tracker.newState();
                }
            }
            streamTime = newStreamTime;
            Candidate event = randomEvent(random, time);
            processed.add(event);
            tracker.onEvent(PROCESS, state, event, streamTime, true, out);
            check.check(streamTime, tracker.rowIfRare(PROCESS, state, streamTime));
            rareEpisodes += !wasRare && tracker.isRare(state) ? 1 : 0;
            wasRare = tracker.isRare(state);
        }
        assertThat(rareEpisodes).as("the traffic turns rare and prevalent often").isGreaterThan(10);
    }

    /** Mostly forward by up to two days, sometimes a long gap, sometimes back by up to the window. */
    private static long nextTime(Random random, long streamTime) {
        int kind = random.nextInt(20);
        if (kind == 0) {
            return streamTime + W + (long) (random.nextDouble() * 2 * DAY);
        }
        if (kind < 6) {
            return streamTime - (long) (random.nextDouble() * W);
        }
        return streamTime + (long) (random.nextDouble() * 2 * DAY);
    }

    private static Candidate randomEvent(Random random, long time) {
        int device = random.nextInt(5);
        String md5 = random.nextInt(7) == 0 ? null : String.format("%032x", random.nextInt(6));
        String commandLine = random.nextInt(6) == 0 ? null : "cmd " + random.nextInt(5);
        int ip = new int[] {0x08080808, 0x01010101, 0xC8C8C801, 0xFFFFFFFE, 0x7F000001, 0x80000000}[random.nextInt(6)];
        return new Candidate(time, "d" + device, "host" + device, ip, 1000 + random.nextInt(6), "Tool.exe", md5,
                null, commandLine, null, SourceRef.unknown());
    }

    /** The hunt-table row at {@code time} by brute force, or null when the process is not rare. */
    private Expected expectedAt(long time) {
        List<Candidate> window = processed.stream()
                .filter(e -> e.timestampNanos() > time - W && e.timestampNanos() <= time).toList();
        Map<String, Long> devices = new TreeMap<>();
        window.forEach(e -> devices.merge(e.deviceId(), e.timestampNanos(), Math::max));
        if (devices.isEmpty() || devices.size() >= N) {
            return null;
        }
        TreeSet<String> hashes = new TreeSet<>();
        TreeSet<Integer> ports = new TreeSet<>();
        TreeSet<Integer> ips = new TreeSet<>(Integer::compareUnsigned);
        window.forEach(e -> {
            if (e.md5() != null) {
                hashes.add(e.md5());
            }
            ports.add(e.remotePort());
            ips.add(e.remoteIpv4());
        });
        String sampleProcess = mostRecent(window, Candidate::commandLine, Comparator.naturalOrder());
        Integer sampleIp = mostRecent(window, Candidate::remoteIpv4, Integer::compareUnsigned);
        long lastSeen = window.stream().mapToLong(Candidate::timestampNanos).max().orElseThrow();
        return new Expected(devices, List.copyOf(hashes), List.copyOf(ports),
                ips.stream().map(IpAddresses::format).toList(), sampleProcess,
                sampleIp == null ? null : IpAddresses.format(sampleIp), lastSeen);
    }

    /** The value of the latest event that has one; ties go to the smallest value. */
    private static <T> T mostRecent(List<Candidate> window, Function<Candidate, T> field, Comparator<T> order) {
        T best = null;
        long bestTime = Long.MIN_VALUE;
        for (Candidate e : window) {
            T value = field.apply(e);
            if (value == null) {
                continue;
            }
            if (best == null || e.timestampNanos() > bestTime
                    || (e.timestampNanos() == bestTime && order.compare(value, best) < 0)) {
                best = value;
                bestTime = e.timestampNanos();
            }
        }
        return best;
    }

    private record Expected(Map<String, Long> devices, List<String> hashes, List<Integer> ports,
                            List<String> remoteIps, String sampleProcess, String sampleRemoteIp, long lastSeen) {
        List<String> deviceLines() {
            return devices.entrySet().stream().map(e -> e.getKey() + "@" + Timestamps.format(e.getValue())).toList();
        }
    }
}
