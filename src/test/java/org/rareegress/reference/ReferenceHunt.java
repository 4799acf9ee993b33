package org.rareegress.reference;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.net.util.SubnetUtils;
import org.rareegress.alert.AlertEncoder;
import org.rareegress.config.Settings;
import org.rareegress.detect.Alert;
import org.rareegress.detect.AlertIds;
import org.rareegress.detect.AlertType;
import org.rareegress.detect.Candidate;
import org.rareegress.detect.DeviceSeen;
import org.rareegress.detect.EvidenceText;
import org.rareegress.detect.HuntRow;
import org.rareegress.detect.StormAlert;
import org.rareegress.event.SourceRef;
import org.rareegress.event.Timestamps;

/**
 * The naive, obviously-right version of the detection semantics of docs/design.md (version 2): it
 * remembers every kept event and recomputes everything from scratch, with none of the detector's bounded
 * state, pruning or scheduling. Slow on purpose; tests compare the detector to it.
 *
 * <p>Event-time order, for one source read in the given order: after each event, the watermark is the
 * newest Timestamp read minus {@code D}; held kept events stamped before it are processed in order of
 * Timestamp then content, and stream time moves to the watermark (never past the newest kept event).
 * A kept event stamped before the watermark already passed is processed at once and counted. At the end
 * of the input everything held is processed and stream time reaches the newest kept event. For several
 * sources whose disorder is within {@code D}, that is the same as feeding every event sorted.
 *
 * <p>The bounds, naively too (one source is one task): when a new episode makes more than
 * {@code detector.max-tracked-processes}, the episode with the oldest newest event (ties by name as UTF-8
 * bytes) is forgotten; past {@code alert.storm-threshold} NEW_RARE in an epoch-aligned storm window, a NEW_RARE
 * is suppressed until the window's end, and the window's STORM alert is raised when stream time reaches it.
 */
public final class ReferenceHunt {
    private final Settings settings;
    private final long window;
    private final int threshold;
    private final long warmup;
    private final long confirmAfter;
    private final List<SubnetUtils.SubnetInfo> excluded = new ArrayList<>();

    private final Map<String, Episode> episodes = new TreeMap<>();
    private final List<Object> alerts = new ArrayList<>();
    private final long maxTracked;
    private final int stormThreshold;
    private final long stormWindow;
    private long stormStart = Long.MIN_VALUE;
    private int stormPublished;
    private final List<Long> stormSuppressedAt = new ArrayList<>();
    private final List<String> stormNames = new ArrayList<>();
    private final long maxOutOfOrderness;
    private final List<Candidate> held = new ArrayList<>();
    private long streamTime = Long.MIN_VALUE;
    private long newestEventTime = Long.MIN_VALUE;
    private long released = Long.MIN_VALUE;
    private long minKept = Long.MAX_VALUE;
    private long maxKept = Long.MIN_VALUE;
    private int late;
    private int outOfOrder;

    /** Everything remembered about one process since it last had no event in the window. */
    private static final class Episode {
        final List<Kept> events = new ArrayList<>();
        Facts alerted;
        Pending pending;
        long suppressedUntil = Long.MIN_VALUE;
    }

    private record Kept(Candidate candidate) {
    }

    private record Facts(Set<String> devices, Set<String> hashes, Set<Integer> ports) {
    }

    private record Pending(long dueAt, long detectedAt, Candidate trigger) {
    }

    public ReferenceHunt(Settings settings) {
        this.settings = settings;
        this.window = settings.detector().windowNanos();
        this.threshold = settings.detector().threshold();
        this.warmup = settings.detector().warmupNanos();
        this.confirmAfter = settings.detector().confirmAfterNanos();
        this.maxOutOfOrderness = settings.detector().maxOutOfOrdernessNanos();
        this.maxTracked = settings.detector().maxTrackedProcesses();
        this.stormThreshold = settings.detector().stormThreshold();
        this.stormWindow = settings.detector().stormWindowNanos();
        for (String cidr : settings.filter().excludedNetworks().cidrs()) {
            SubnetUtils subnet = new SubnetUtils(cidr);
            subnet.setInclusiveHostCount(true);
            excluded.add(subnet.getInfo());
        }
    }

    /** Feeds the events of one source in the order they are read, each with where it was read from. */
    public void accept(RawEvent raw, SourceRef source) {
        long time = raw.timestampNanos();
        newestEventTime = Math.max(newestEventTime, time);
        Integer ipv4 = keptIpv4(raw);
        if (ipv4 != null) {
            Candidate candidate = new Candidate(time, raw.deviceId(), raw.deviceName(), ipv4, raw.remotePort(),
                    raw.processFileName(), blankToNull(raw.md5()), blankToNull(raw.sha256()),
                    blankToNull(raw.commandLine()), blankToNull(raw.folderPath()), source);
            minKept = Math.min(minKept, time);
            maxKept = Math.max(maxKept, time);
            if (time < released) {
                outOfOrder++;
                process(candidate);
            } else {
                held.add(candidate);
            }
        }
        release(newestEventTime - maxOutOfOrderness);
    }

    /** The end of the input: everything held is processed, stream time reaches the newest kept event. */
    public void finish() {
        if (maxKept != Long.MIN_VALUE) {
            release(maxKept + 1);
        }
    }

    private void release(long watermark) {
        if (watermark > released) {
            released = watermark;
            List<Candidate> due = new ArrayList<>();
            held.removeIf(candidate -> candidate.timestampNanos() < watermark && due.add(candidate));
            due.sort(EVENT_TIME);
            due.forEach(this::process);
        }
        long to = Math.min(released, maxKept);
        if (to > streamTime) {
            advanceTo(to);
            streamTime = to;
        }
    }

    /** Timestamp, then the event's content: DeviceId, RemoteIP, RemotePort, process name, MD5, command line, the rest. */
    private static final Comparator<Candidate> EVENT_TIME = Comparator.comparingLong(Candidate::timestampNanos)
            .thenComparing(Candidate::deviceId, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Candidate::remoteIpv4, Integer::compareUnsigned)
            .thenComparingInt(Candidate::remotePort)
            .thenComparing(Candidate::processFileName, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Candidate::md5, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Candidate::commandLine, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Candidate::sha256, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Candidate::deviceName, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Candidate::folderPath, Comparator.nullsFirst(Comparator.naturalOrder()));

    private void process(Candidate candidate) {
        long time = candidate.timestampNanos();
        if (streamTime != Long.MIN_VALUE && time <= streamTime - window) {
            late++;
            return;
        }
        if (time > streamTime) {
            advanceTo(time);
            streamTime = time;
        }
        String process = candidate.processFileName().toLowerCase(Locale.ROOT);
        boolean created = !episodes.containsKey(process);
        Episode episode = episodes.computeIfAbsent(process, p -> new Episode());
        episode.events.add(new Kept(candidate));
        decide(process, episode, candidate);
        while (created && episodes.size() > maxTracked) {
            episodes.remove(leastRecentlySeen());
        }
    }

    private String leastRecentlySeen() {
        Comparator<Map.Entry<String, Episode>> order = Comparator.comparingLong(entry -> lastSeen(entry.getValue()));
        return episodes.entrySet().stream()
                .min(order.thenComparing((a, b) -> java.util.Arrays.compareUnsigned(
                        a.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        b.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .orElseThrow().getKey();
    }

    private static long lastSeen(Episode episode) {
        return episode.events.stream().mapToLong(k -> k.candidate().timestampNanos()).max().orElseThrow();
    }

    private void decide(String process, Episode episode, Candidate event) {
        int devices = devicesAt(episode, streamTime).size();
        if (devices >= threshold) {
            episode.pending = null;
            episode.suppressedUntil = Long.MIN_VALUE;
            if (episode.alerted != null) {
                publish(AlertType.NO_LONGER_RARE, process, episode, event, List.of("Device"), streamTime, streamTime, null);
                episode.alerted = null;
            }
            return;
        }
        // Warm-up counts from the earliest kept Timestamp read so far, from any source.
        if (streamTime - minKept < warmup || episode.pending != null) {
            return;
        }
        if (episode.alerted == null) {
            if (streamTime < episode.suppressedUntil) {
                return;
            }
            if (confirmAfter == 0) {
                publishNewRare(process, episode, event, streamTime, streamTime, null);
            } else {
                episode.pending = new Pending(streamTime + confirmAfter, streamTime, event);
            }
            return;
        }
        List<String> added = new ArrayList<>();
        if (!episode.alerted.devices().contains(event.deviceId())) {
            added.add("Device");
        }
        if (event.md5() != null && !episode.alerted.hashes().contains(event.md5())) {
            added.add("Hash");
        }
        if (!episode.alerted.ports().contains(event.remotePort())) {
            added.add("Port");
        }
        if (!added.isEmpty()) {
            publish(AlertType.UPDATED, process, episode, event, added, streamTime, streamTime, null);
        }
    }

    /** Stream time moves to {@code to}: episodes end and held alerts fall due, in time order. */
    private void advanceTo(long to) {
        record Due(long time, int order, String process) {
        }
        List<Due> due = new ArrayList<>();
        episodes.forEach((process, episode) -> {
            long vanishAt = episode.events.stream().mapToLong(k -> k.candidate().timestampNanos()).max().orElseThrow() + window;
            if (vanishAt <= to) {
                due.add(new Due(vanishAt, 0, process));
            }
            // A held alert is judged once stream time has passed its due instant, so that events
            // stamped with that instant count ("still rare that much later").
            if (episode.pending != null && episode.pending.dueAt() < to) {
                due.add(new Due(episode.pending.dueAt(), 1, process));
            }
        });
        due.sort(Comparator.comparingLong(Due::time).thenComparingInt(Due::order).thenComparing(Due::process));
        for (Due item : due) {
            Episode episode = episodes.get(item.process());
            if (episode == null) {
                continue;
            }
            if (item.order() == 0) {
                episodes.remove(item.process());
            } else if (episode.pending != null) {
                Pending pending = episode.pending;
                episode.pending = null;
                publishNewRare(item.process(), episode, pending.trigger(), pending.detectedAt(), item.time(), item.time());
            }
        }
        closeStormWindowBefore(to);
    }

    /** A NEW_RARE, unless this storm window has published the threshold already. */
    private void publishNewRare(String process, Episode episode, Candidate trigger, long detectedAt, long at,
                                Long confirmedAt) {
        episode.suppressedUntil = Long.MIN_VALUE;
        if (stormThreshold > 0) {
            closeStormWindowBefore(at);
            if (stormStart == Long.MIN_VALUE) {
                stormStart = Math.floorDiv(at, stormWindow) * stormWindow;
            }
            if (stormPublished == stormThreshold) {
                stormSuppressedAt.add(at);
                if (stormNames.size() < 20) {
                    stormNames.add(process);
                }
                episode.suppressedUntil = stormStart + stormWindow;
                return;
            }
            stormPublished++;
        }
        publish(AlertType.NEW_RARE, process, episode, trigger, List.of("Process"), detectedAt, at, confirmedAt);
    }

    private void closeStormWindowBefore(long now) {
        if (stormStart == Long.MIN_VALUE || now < stormStart + stormWindow) {
            return;
        }
        if (!stormSuppressedAt.isEmpty()) {
            alerts.add(new StormAlert(AlertIds.ofStorm(stormStart, stormNames.get(0)), AlertType.STORM,
                    Timestamps.format(stormSuppressedAt.get(0)),
                    Timestamps.format(stormSuppressedAt.get(stormSuppressedAt.size() - 1)), Timestamps.format(stormStart),
                    Timestamps.format(stormStart + stormWindow), stormThreshold, stormSuppressedAt.size(),
                    List.copyOf(stormNames)));
        }
        stormStart = Long.MIN_VALUE;
        stormPublished = 0;
        stormSuppressedAt.clear();
        stormNames.clear();
    }

    private void publish(AlertType type, String process, Episode episode, Candidate trigger, List<String> added,
                         long detectedAt, long at, Long confirmedAt) {
        HuntRow facts = row(process, episode, at);
        alerts.add(new Alert(AlertIds.of(type, process, trigger), type, facts, Timestamps.format(detectedAt),
                confirmedAt == null ? null : Timestamps.format(confirmedAt), Timestamps.format(at - window),
                Timestamps.format(at), new Alert.Trigger(added, Timestamps.format(trigger.timestampNanos()),
                        trigger.deviceId(), trigger.deviceName(), dotted(trigger.remoteIpv4()), trigger.remotePort(),
                        trigger.processFileName(), trigger.md5(), trigger.sha256(), trigger.commandLine(),
                        trigger.folderPath()),
                new Alert.Source(null, null, null, trigger.source().file(), trigger.source().line(),
                        trigger.source().index())));
        if (type != AlertType.NO_LONGER_RARE) {
            Set<String> devices = new HashSet<>();
            facts.devices().forEach(d -> devices.add(d.deviceId()));
            episode.alerted = new Facts(devices, new HashSet<>(facts.hashes()), new HashSet<>(facts.ports()));
        }
    }

    /** Every alert so far ({@link Alert}s and {@link StormAlert}s), in the order they were raised. */
    public List<Object> alerts() {
        return alerts;
    }

    /** One of {@link #alerts()} as the product writes it: an {@link Alert} or a {@link StormAlert}. */
    public static byte[] encode(AlertEncoder encoder, Object alert) {
        return alert instanceof StormAlert storm ? encoder.encode(storm) : encoder.encode((Alert) alert);
    }

    /** The hunt table at {@code at}, which must not be before the newest kept event. */
    public List<HuntRow> table(long at) {
        List<HuntRow> rows = new ArrayList<>();
        episodes.forEach((process, episode) -> {
            int devices = devicesAt(episode, at).size();
            if (devices > 0 && devices < threshold) {
                rows.add(row(process, episode, at));
            }
        });
        rows.sort(HuntRow.TABLE_ORDER);
        return rows;
    }

    public long streamTime() {
        return streamTime;
    }

    public long newestEventTime() {
        return newestEventTime;
    }

    public int late() {
        return late;
    }

    /** Kept events that arrived behind the watermark and were processed at once. */
    public int outOfOrder() {
        return outOfOrder;
    }

    private HuntRow row(String process, Episode episode, long at) {
        Map<String, DeviceSeen> devices = devicesAt(episode, at);
        Map<String, Long> hashes = new HashMap<>();
        Map<Integer, Long> ports = new HashMap<>();
        Map<Integer, Long> ips = new HashMap<>();
        Map<String, Long> commandLines = new HashMap<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (Kept kept : episode.events) {
            Candidate c = kept.candidate();
            first = Math.min(first, c.timestampNanos());
            last = Math.max(last, c.timestampNanos());
            if (c.timestampNanos() <= at - window) {
                continue;
            }
            if (c.md5() != null) {
                hashes.merge(c.md5(), c.timestampNanos(), Math::max);
            }
            ports.merge(c.remotePort(), c.timestampNanos(), Math::max);
            ips.merge(c.remoteIpv4(), c.timestampNanos(), Math::max);
            if (c.commandLine() != null) {
                // The spec's SampleProcess, as the detector keeps command lines: cut to 1,024 characters.
                commandLines.merge(EvidenceText.commandLine(c.commandLine()), c.timestampNanos(), Math::max);
            }
        }
        Integer sampleIp = mostRecent(ips, Integer::compareUnsigned);
        List<Integer> sortedIps = new ArrayList<>(ips.keySet());
        sortedIps.sort(Integer::compareUnsigned);
        return new HuntRow(process, devices.size(), List.copyOf(new TreeSet<>(hashes.keySet())),
                mostRecent(commandLines, Comparator.naturalOrder()), sampleIp == null ? null : dotted(sampleIp),
                List.copyOf(new TreeSet<>(ports.keySet())), null, null, null, null,
                List.copyOf(devices.values()), sortedIps.stream().map(ReferenceHunt::dotted).toList(),
                Timestamps.format(first), Timestamps.format(last), false, threshold);
    }

    /** Devices whose last event (of this process) lies in the window ending at {@code at}, by id. */
    private Map<String, DeviceSeen> devicesAt(Episode episode, long at) {
        Map<String, long[]> lastSeen = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        for (Kept kept : episode.events) {
            Candidate c = kept.candidate();
            long[] seen = lastSeen.computeIfAbsent(c.deviceId(), id -> new long[] {Long.MIN_VALUE});
            if (c.timestampNanos() >= seen[0]) {
                seen[0] = c.timestampNanos();
                if (c.deviceName() != null) {
                    names.put(c.deviceId(), c.deviceName());
                }
            }
        }
        Map<String, DeviceSeen> inWindow = new TreeMap<>();
        lastSeen.forEach((id, seen) -> {
            if (seen[0] > at - window) {
                inWindow.put(id, new DeviceSeen(id, names.get(id), Timestamps.format(seen[0])));
            }
        });
        return new LinkedHashMap<>(inWindow);
    }

    private static <T> T mostRecent(Map<T, Long> lastSeen, Comparator<? super T> ties) {
        T best = null;
        long bestTime = Long.MIN_VALUE;
        for (Map.Entry<T, Long> entry : lastSeen.entrySet()) {
            if (best == null || entry.getValue() > bestTime
                    || (entry.getValue() == bestTime && ties.compare(entry.getKey(), best) < 0)) {
                best = entry.getKey();
                bestTime = entry.getValue();
            }
        }
        return best;
    }

    /** The filter, naively: null when the event is not kept, else its IPv4 address. */
    private Integer keptIpv4(RawEvent e) {
        var filter = settings.filter();
        if (!filter.protocols().contains(e.protocol()) || !filter.actionTypes().contains(e.actionType())
                || !filter.remoteIpTypes().contains(e.remoteIpType())) {
            return null;
        }
        if (filter.requireEmptyRemoteUrl() && e.remoteUrl() != null && !e.remoteUrl().isEmpty()) {
            return null;
        }
        Integer ip = ipv4(e.remoteIp());
        if (ip == null || excluded.stream().anyMatch(net -> net.isInRange(ip))) {
            return null;
        }
        String name = e.processFileName();
        if (!name.toLowerCase(Locale.ROOT).endsWith(filter.processSuffix().toLowerCase(Locale.ROOT))) {
            return null;
        }
        if (filter.excludedProcessRegex() != null && filter.excludedProcessRegex().matcher(name).find()) {
            return null;
        }
        return filter.excludedPorts().contains(e.remotePort()) ? null : ip;
    }

    /** IPv4 or ::ffff:-mapped IPv4 as an int; null for other IPv6. Generated addresses are always valid. */
    private static Integer ipv4(String text) {
        try {
            InetAddress address = InetAddress.getByName(text);
            if (!(address instanceof Inet4Address)) {
                return null;
            }
            byte[] b = address.getAddress();
            return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("generated an invalid address " + text, e);
        }
    }

    static String dotted(int ip) {
        return (ip >>> 24) + "." + ((ip >>> 16) & 0xff) + "." + ((ip >>> 8) & 0xff) + "." + (ip & 0xff);
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
