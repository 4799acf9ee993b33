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
import java.util.function.Function;
import java.util.function.IntFunction;
import org.apache.commons.net.util.SubnetUtils;
import org.rareegress.alert.AlertEncoder;
import org.rareegress.config.Settings;
import org.rareegress.detect.Alert;
import org.rareegress.detect.AlertIds;
import org.rareegress.detect.AlertType;
import org.rareegress.detect.Candidate;
import org.rareegress.detect.DeviceSeen;
import org.rareegress.detect.Dimension;
import org.rareegress.detect.GeoInfo;
import org.rareegress.event.CommandLines;
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
    /** The refined dimensions configured (docs/dimensions.md), by key {@code U+0001 dimension U+0001 process}. */
    private final List<Dimension> refinedDimensions;
    private final Map<String, Refined> refined = new TreeMap<>();
    private final int maxValues;
    private final int refinedEvidenceCap;
    /** The AS number of an IPv4 address, or null; what process-asn keys on. */
    private final IntFunction<Long> asnOf;
    /** What the enricher adds to a row for its SampleRemoteIP. */
    private final Function<String, GeoInfo> geo;
    private long touches;
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

    /** One program in one refined dimension: each value an episode of its own, in the order last touched. */
    private static final class Refined {
        final Dimension dimension;
        final String process;
        final Map<String, ValueEpisode> values = new LinkedHashMap<>();

        Refined(Dimension dimension, String process) {
            this.dimension = dimension;
            this.process = process;
        }
    }

    /** Everything remembered about one (dimension, process, value) since it last had no event in the window. */
    private static final class ValueEpisode {
        final List<Candidate> events = new ArrayList<>();
        Facts alerted;
        Pending pending;
    }

    public ReferenceHunt(Settings settings) {
        this(settings, ip -> null, ip -> GeoInfo.NONE);
    }

    /**
     * @param asnOf the AS number of an IPv4 address (as process-asn sees it), or null
     * @param geo   what the configured databases say about a SampleRemoteIP
     */
    public ReferenceHunt(Settings settings, IntFunction<Long> asnOf, Function<String, GeoInfo> geo) {
        this.settings = settings;
        this.asnOf = asnOf;
        this.geo = geo;
        this.refinedDimensions = settings.detector().dimensions().stream().filter(d -> d != Dimension.PROCESS).toList();
        this.maxValues = settings.detector().maxValuesPerProcess();
        this.refinedEvidenceCap = Math.min(settings.detector().evidenceCap(), 4);
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
        for (Dimension dimension : refinedDimensions) {
            decideRefined(refined.computeIfAbsent(refinedKey(dimension, process), k -> new Refined(dimension, process)),
                    candidate);
        }
        // Last, as the detector does: evicting the new process itself takes the refined states it just got.
        while (created && episodes.size() > maxTracked) {
            String evicted = leastRecentlySeen();
            episodes.remove(evicted);
            refined.values().removeIf(dimension -> dimension.process.equals(evicted));
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

    private static String refinedKey(Dimension dimension, String process) {
        return "\u0001" + dimension.key() + "\u0001" + process;
    }

    /** The event's value in a refined dimension: the port; SHA256, else MD5, lower-cased; the AS number; or none. */
    private String valueOf(Dimension dimension, Candidate event) {
        return switch (dimension) {
            case PROCESS -> null;
            case PROCESS_PORT -> String.valueOf(event.remotePort());
            case PROCESS_HASH -> event.sha256() != null ? event.sha256().toLowerCase(Locale.ROOT)
                    : event.md5() == null ? null : event.md5().toLowerCase(Locale.ROOT);
            case PROCESS_ASN -> {
                Long asn = asnOf.apply(event.remoteIpv4());
                yield asn == null ? null : asn.toString();
            }
        };
    }

    /**
     * A refined key is judged only while its process has at least N devices and the program has at most
     * detector.max-values-per-process values in the window; otherwise every episode of its values ends silently.
     */
    private boolean judged(Refined dimension, long at) {
        Episode process = episodes.get(dimension.process);
        if (process == null || devicesAt(process, at).size() < threshold) {
            return false;
        }
        return dimension.values.values().stream().filter(v -> inWindow(v, at)).count() <= maxValues;
    }

    private boolean inWindow(ValueEpisode value, long at) {
        return value.events.stream().anyMatch(c -> c.timestampNanos() > at - window);
    }

    private void decideRefined(Refined dimension, Candidate event) {
        String value = valueOf(dimension.dimension, event);
        ValueEpisode episode = null;
        if (value != null) {
            episode = dimension.values.remove(value);
            if (episode == null) {
                episode = new ValueEpisode();
            }
            dimension.values.put(value, episode);
            episode.events.add(event);
            forgetBeyondCap(dimension);
        }
        if (!judged(dimension, streamTime)) {
            endEpisodesSilently(dimension);
            return;
        }
        if (episode == null) {
            return;
        }
        int devices = devicesOf(episode.events, streamTime).size();
        if (devices >= threshold) {
            episode.pending = null;
            if (episode.alerted != null) {
                publishRefined(AlertType.NO_LONGER_RARE, dimension, value, episode, event, List.of("Device"), streamTime,
                        streamTime, null);
                episode.alerted = null;
            }
            return;
        }
        if (streamTime - minKept < warmup || episode.pending != null) {
            return;
        }
        if (episode.alerted == null) {
            long confirm = settings.detector().confirmAfterNanos(dimension.dimension);
            if (confirm == 0) {
                publishRefined(AlertType.NEW_RARE, dimension, value, episode, event, List.of("Process"), streamTime,
                        streamTime, null);
            } else {
                episode.pending = new Pending(streamTime + confirm, streamTime, event);
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
            publishRefined(AlertType.UPDATED, dimension, value, episode, event, added, streamTime, streamTime, null);
        }
    }

    /**
     * Only the M + 1 most recently seen values of a program are remembered (docs/dimensions.md): one seen less
     * recently is forgotten, and seen again it starts a new episode (its FirstSeen). Silently: the program has
     * more than M values in the window for as long as anything forgotten is in it, so nothing of it is judged.
     */
    private void forgetBeyondCap(Refined dimension) {
        if (dimension.values.size() <= maxValues + 1) {
            return;
        }
        List<Map.Entry<String, ValueEpisode>> newestFirst = new ArrayList<>(dimension.values.entrySet());
        newestFirst.sort(Comparator.comparingLong((Map.Entry<String, ValueEpisode> e) -> e.getValue().events.stream()
                .mapToLong(Candidate::timestampNanos).max().orElseThrow()).reversed());
        newestFirst.subList(maxValues + 1, newestFirst.size()).forEach(e -> dimension.values.remove(e.getKey()));
    }

    private static void endEpisodesSilently(Refined dimension) {
        dimension.values.values().forEach(v -> {
            v.alerted = null;
            v.pending = null;
        });
    }

    /** Stream time reached {@code at}: values without an event in the window go; an unjudged program ends its episodes. */
    private void checkRefined(Refined dimension, long at) {
        dimension.values.values().removeIf(v -> !inWindow(v, at));
        if (!judged(dimension, at)) {
            endEpisodesSilently(dimension);
        }
    }

    /** Held NEW_RAREs due at {@code at}, in the order their values were last touched. */
    private void confirmRefined(Refined dimension, long at) {
        checkRefined(dimension, at);
        boolean judged = judged(dimension, at);
        dimension.values.forEach((value, episode) -> {
            Pending pending = episode.pending;
            if (pending == null || pending.dueAt() > at) {
                return;
            }
            episode.pending = null;
            int devices = devicesOf(episode.events, at).size();
            if (judged && devices > 0 && devices < threshold) {
                publishRefined(AlertType.NEW_RARE, dimension, value, episode, pending.trigger(), List.of("Process"),
                        pending.detectedAt(), at, at);
            }
        });
    }

    private void publishRefined(AlertType type, Refined dimension, String value, ValueEpisode episode, Candidate trigger,
                                List<String> added, long detectedAt, long at, Long confirmedAt) {
        HuntRow facts = refinedRow(dimension, value, episode, at);
        String idKey = dimension.dimension.key() + '\u001f' + dimension.process + '\u001f' + value;
        Facts shown = publishFacts(type, idKey, facts, trigger, added, detectedAt, at, confirmedAt);
        if (type != AlertType.NO_LONGER_RARE) {
            episode.alerted = shown;
        }
    }

    private HuntRow refinedRow(Refined dimension, String value, ValueEpisode episode, long at) {
        return row(dimension.process, episode.events, at, refinedEvidenceCap).refinedBy(dimension.dimension, value);
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
        refined.forEach((key, dimension) -> {
            for (ValueEpisode value : dimension.values.values()) {
                long vanishAt = value.events.stream().mapToLong(Candidate::timestampNanos).max().orElseThrow() + window;
                if (vanishAt <= to) {
                    due.add(new Due(vanishAt, 0, key));
                }
                if (value.pending != null && value.pending.dueAt() < to) {
                    due.add(new Due(value.pending.dueAt(), 1, key));
                }
            }
            // Every instant the process loses a device may end its prevalence, and with it the judging.
            Episode process = episodes.get(dimension.process);
            if (process != null) {
                for (Kept kept : process.events) {
                    long leaves = kept.candidate().timestampNanos() + window;
                    if (leaves > streamTime && leaves <= to) {
                        due.add(new Due(leaves, 0, key));
                    }
                }
            }
        });
        // At one instant: checks before confirmations; then by key, as the schedule store sorts them.
        due.sort(Comparator.comparingLong(Due::time).thenComparingInt(Due::order).thenComparing(Due::process));
        for (Due item : due) {
            Refined dimension = refined.get(item.process());
            if (dimension != null) {
                if (item.order() == 0) {
                    checkRefined(dimension, item.time());
                } else {
                    confirmRefined(dimension, item.time());
                }
                continue;
            }
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
        Facts shown = publishFacts(type, process, row(process, episode, at), trigger, added, detectedAt, at, confirmedAt);
        if (type != AlertType.NO_LONGER_RARE) {
            episode.alerted = shown;
        }
    }

    /** Adds the alert (facts enriched as the detector enriches them); returns the facts it shows. */
    private Facts publishFacts(AlertType type, String idKey, HuntRow facts, Candidate trigger, List<String> added,
                               long detectedAt, long at, Long confirmedAt) {
        alerts.add(new Alert(AlertIds.of(type, idKey, trigger), type, enriched(facts), Timestamps.format(detectedAt),
                confirmedAt == null ? null : Timestamps.format(confirmedAt), Timestamps.format(at - window),
                Timestamps.format(at), new Alert.Trigger(added, Timestamps.format(trigger.timestampNanos()),
                        trigger.deviceId(), trigger.deviceName(), dotted(trigger.remoteIpv4()), trigger.remotePort(),
                        trigger.processFileName(), trigger.md5(), trigger.sha256(), trigger.commandLine(),
                        trigger.folderPath()),
                new Alert.Source(null, null, null, trigger.source().file(), trigger.source().line(),
                        trigger.source().index())));
        Set<String> devices = new HashSet<>();
        facts.devices().forEach(d -> devices.add(d.deviceId()));
        return new Facts(devices, new HashSet<>(facts.hashes()), new HashSet<>(facts.ports()));
    }

    private HuntRow enriched(HuntRow row) {
        return row.sampleRemoteIp() == null ? row : row.withGeo(geo.apply(row.sampleRemoteIp()));
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
                rows.add(enriched(row(process, episode, at)));
            }
        });
        rows.addAll(refinedRows(at).values());
        rows.sort(HuntRow.TABLE_ORDER);
        return rows;
    }

    /**
     * The rows of the refined dimensions at {@code at}, by table-topic key: while the process is prevalent, each
     * rare value ({@code <dimension>/<process>/<value>}), or when the program has more than the cap of values in
     * the window, one not-informative row ({@code <dimension>/<process>}). The facts of a not-informative row are
     * the process's as the detector last bounded them (N newest devices): compare only its key fields and
     * DistinctValues, which is always M + 1 (the detector counts no further than "more than M").
     */
    public Map<String, HuntRow> refinedRows(long at) {
        Map<String, HuntRow> rows = new TreeMap<>();
        refined.values().forEach(dimension -> {
            Episode process = episodes.get(dimension.process);
            if (process == null || devicesAt(process, at).size() < threshold) {
                return;
            }
            long distinct = dimension.values.values().stream().filter(v -> inWindow(v, at)).count();
            String prefix = dimension.dimension.key() + "/" + dimension.process;
            if (distinct > maxValues) {
                rows.put(prefix, row(dimension.process, process, at).notInformative(dimension.dimension, maxValues + 1));
                return;
            }
            dimension.values.forEach((value, episode) -> {
                int devices = devicesOf(episode.events, at).size();
                if (devices > 0 && devices < threshold) {
                    rows.put(prefix + "/" + value, enriched(refinedRow(dimension, value, episode, at)));
                }
            });
        });
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
        return row(process, episode.events.stream().map(Kept::candidate).toList(), at, Integer.MAX_VALUE);
    }

    /**
     * The row of {@code events} at {@code at}. Each evidence set shows at most {@code cap} values, the most
     * recently seen (refined keys keep 4 of each); EvidenceTruncated says one in the window is left out.
     */
    private HuntRow row(String process, List<Candidate> events, long at, int cap) {
        Map<String, DeviceSeen> devices = devicesOf(events, at);
        Map<String, Long> hashes = new HashMap<>();
        Map<Integer, Long> ports = new HashMap<>();
        Map<Integer, Long> ips = new HashMap<>();
        Map<String, Long> commandLines = new HashMap<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (Candidate c : events) {
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
                commandLines.merge(CommandLines.cut(c.commandLine()), c.timestampNanos(), Math::max);
            }
        }
        boolean truncated = keepNewest(hashes, cap) | keepNewest(ports, cap) | keepNewest(ips, cap)
                | keepNewest(commandLines, cap);
        Integer sampleIp = mostRecent(ips, Integer::compareUnsigned);
        List<Integer> sortedIps = new ArrayList<>(ips.keySet());
        sortedIps.sort(Integer::compareUnsigned);
        return new HuntRow(process, devices.size(), List.copyOf(new TreeSet<>(hashes.keySet())),
                mostRecent(commandLines, Comparator.naturalOrder()), sampleIp == null ? null : dotted(sampleIp),
                List.copyOf(new TreeSet<>(ports.keySet())), null, null, null, null,
                List.copyOf(devices.values()), sortedIps.stream().map(ReferenceHunt::dotted).toList(),
                Timestamps.format(first), Timestamps.format(last), truncated, threshold);
    }

    /** Keeps the {@code cap} most recently seen values; true when any had to go. */
    private static <T> boolean keepNewest(Map<T, Long> lastSeen, int cap) {
        if (lastSeen.size() <= cap) {
            return false;
        }
        List<Map.Entry<T, Long>> newestFirst = new ArrayList<>(lastSeen.entrySet());
        newestFirst.sort(Map.Entry.<T, Long>comparingByValue().reversed());
        newestFirst.subList(cap, newestFirst.size()).forEach(e -> lastSeen.remove(e.getKey()));
        return true;
    }

    /** Devices whose last event (of this process) lies in the window ending at {@code at}, by id. */
    private Map<String, DeviceSeen> devicesAt(Episode episode, long at) {
        return devicesOf(episode.events.stream().map(Kept::candidate).toList(), at);
    }

    private Map<String, DeviceSeen> devicesOf(List<Candidate> events, long at) {
        Map<String, long[]> lastSeen = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        for (Candidate c : events) {
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
