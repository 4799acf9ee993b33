package org.rareegress.reference;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.rareegress.event.Timestamps;

/**
 * Random small fleets aimed at the hunt's edges: case variants of process names, browsers and their
 * look-alikes, mapped IPv6 and pure IPv6, excluded-network boundaries, web and non-web ports, events
 * exactly one window apart, roll-outs from one device to many, disorder of a few minutes, late events.
 * Times sit on a one-minute grid (with some sub-second ticks) so window boundaries are hit exactly.
 */
public final class RandomFleet {
    private static final String[] PROCESSES = {
        "tool%d.exe", "Tool%d.EXE", "TOOL%d.exe", "chrome.exe", "Chrome.EXE", "chromehelper.exe", "msedge.exe",
        "svc%d.exe", "lib%d.dll", "agent%d.exe"
    };
    private static final String[] PUBLIC_IPS = {
        "8.8.8.8", "81.2.69.160", "1.2.3.4", "203.0.113.7", "99.255.255.255", "100.0.0.0", "100.0.255.255",
        "100.1.0.0", "200.200.200.0", "200.200.200.255", "200.200.201.0", "::ffff:1.2.3.4", "::FFFF:100.0.0.1",
        "2001:db8::1", "64.4.4.4"
    };
    private static final int[] PORTS = {22, 80, 443, 4444, 8080, 8443, 3389, 65535};

    private final Random random;
    private final long window;
    private final Instant start;

    public RandomFleet(long seed, Duration window) {
        this.random = new Random(seed);
        this.window = window.toNanos();
        this.start = Instant.parse("2024-03-01T00:00:00Z").plusSeconds(random.nextInt(86_400) * 60L % 86_400);
    }

    public List<RawEvent> events(int count) {
        int devices = 3 + random.nextInt(10);
        int processes = 3 + random.nextInt(6);
        long span = window * (2 + random.nextInt(3));
        long minute = 60_000_000_000L;
        long startNanos = Timestamps.toNanos(start);
        List<RawEvent> events = new ArrayList<>(count);
        List<String> names = new ArrayList<>();
        for (int p = 0; p < processes; p++) {
            names.add(String.format(PROCESSES[random.nextInt(PROCESSES.length)], random.nextInt(3)));
        }
        // A roll-out: one process spreads from one device to all over the span.
        String rollout = "rollout" + random.nextInt(5) + ".exe";
        for (int i = 0; i < count; i++) {
            long time = startNanos + (span / count) * i / minute * minute;
            if (random.nextInt(4) == 0) {
                time += random.nextInt(600_000_000) * 100L;
            }
            String process = names.get(random.nextInt(names.size()));
            int device = random.nextInt(devices);
            if (random.nextInt(6) == 0) {
                process = random.nextBoolean() ? rollout : rollout.toUpperCase();
                device = random.nextInt(1 + (int) ((long) devices * i / count));
            }
            events.add(event(time, process, device));
            if (random.nextInt(25) == 0) {
                // The same device and process exactly one window later: the old one leaves as this one arrives.
                events.add(event(time + window, process, device));
            }
        }
        events.sort(Comparator.comparingLong(RawEvent::timestampNanos));
        disorder(events, 5 * minute);
        if (!events.isEmpty() && random.nextBoolean()) {
            // A late straggler: older than the window at the end of the stream.
            RawEvent last = events.get(events.size() - 1);
            events.add(event(last.timestampNanos() - window - random.nextInt(3) * minute, names.get(0), 0));
        }
        return events;
    }

    private RawEvent event(long time, String process, int device) {
        String deviceId = "device-" + device;
        int variant = random.nextInt(3);
        String md5 = switch (random.nextInt(6)) {
            case 0 -> null;
            case 1 -> "";
            // Real hex, as the validator requires: a few distinct hashes per process, shared across processes.
            default -> String.format("%032x", (process.toLowerCase().hashCode() % 7 + 7) * 3 + variant);
        };
        String commandLine = random.nextInt(5) == 0 ? null : process + " --mode " + variant;
        return new RawEvent(time, timestampText(time), deviceId, "host" + device + ".corp.example",
                pick("ConnectionSuccess", "ConnectionSuccess", "ConnectionSuccess", "ConnectionSuccess", "ConnectionFailed"),
                pick("Tcp", "Tcp", "Tcp", "Tcp", "Tcp", "Udp", "TCP"),
                pick("Public", "Public", "Public", "Public", "Private"),
                PUBLIC_IPS[random.nextInt(PUBLIC_IPS.length)],
                PORTS[random.nextInt(PORTS.length)],
                pick(null, "", "", "", "", "updates.example.com"),
                process, md5, random.nextBoolean() ? null : String.format("%064x", variant), commandLine,
                "C:\\Program Files\\" + process);
    }

    /** Moves each event by up to {@code bound} nanoseconds of position, keeping the stream nearly ordered. */
    private void disorder(List<RawEvent> events, long bound) {
        for (int i = 1; i < events.size(); i++) {
            if (random.nextInt(5) != 0) {
                continue;
            }
            int j = i;
            while (j > 0 && events.get(i).timestampNanos() - events.get(j - 1).timestampNanos() <= bound
                    && random.nextBoolean()) {
                j--;
            }
            events.add(j, events.remove(i));
        }
    }

    /**
     * The same events with no two stamped alike (a tie moved on by 100 ns, Defender's tick), in the same order.
     * Refined keys keep only the 4 most recently seen values of each evidence set: which of two values seen at
     * the same instant is kept is an accident of arrival, so the fleets that check them have no such ties.
     */
    public static List<RawEvent> withDistinctTimes(List<RawEvent> events) {
        java.util.Set<Long> taken = new java.util.HashSet<>();
        List<RawEvent> distinct = new ArrayList<>(events.size());
        for (RawEvent e : events) {
            long time = e.timestampNanos();
            while (!taken.add(time)) {
                time += 100;
            }
            distinct.add(time == e.timestampNanos() ? e : new RawEvent(time, timestampText(time), e.deviceId(),
                    e.deviceName(), e.actionType(), e.protocol(), e.remoteIpType(), e.remoteIp(), e.remotePort(),
                    e.remoteUrl(), e.processFileName(), e.md5(), e.sha256(), e.commandLine(), e.folderPath()));
        }
        return distinct;
    }

    private static String timestampText(long nanos) {
        String iso = Timestamps.format(nanos);
        if (nanos % 1_000_000_000L == 0) {
            return iso;
        }
        // Defender prints 7 fractional digits.
        String fraction = String.format("%09d", nanos % 1_000_000_000L).substring(0, 7);
        return iso.substring(0, 19) + "." + fraction + "Z";
    }

    @SafeVarargs
    private <T> T pick(T... values) {
        return values[random.nextInt(values.length)];
    }
}
