package org.rareegress.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.rareegress.event.IpAddresses;
import org.rareegress.event.SourceRef;
import org.rareegress.event.Timestamps;

/**
 * Composes what {@link ProcessTracker} publishes from a process's state: its hunt-table row, and
 * an alert, whose facts are that same row. Decides nothing: what to publish, and when, is the tracker's.
 */
final class OutputComposer {
    private static final Comparator<Integer> UNSIGNED = Integer::compareUnsigned;

    private final long window;
    private final int threshold;

    OutputComposer(long window, int threshold) {
        this.window = window;
        this.threshold = threshold;
    }

    /** An alert whose facts are {@code facts}, the row of the process at {@code evaluatedAt}. */
    Alert alert(AlertType type, String process, HuntRow facts, Candidate trigger, List<String> newFacts,
                long detectedAt, long evaluatedAt, Long confirmedAt) {
        return alertWithIdKey(type, process, facts, trigger, newFacts, detectedAt, evaluatedAt, confirmedAt);
    }

    /** As {@link #alert}, the id made of {@code idKey} (which names the dimension and refined key) instead of the process. */
    Alert alertWithIdKey(AlertType type, String idKey, HuntRow facts, Candidate trigger, List<String> newFacts,
                         long detectedAt, long evaluatedAt, Long confirmedAt) {
        return new Alert(AlertIds.of(type, idKey, trigger), type, facts, Timestamps.format(detectedAt),
                confirmedAt == null ? null : Timestamps.format(confirmedAt),
                Timestamps.format(evaluatedAt - window), Timestamps.format(evaluatedAt),
                trigger(trigger, newFacts), source(trigger.source()));
    }

    /** The row of the process as {@code state} holds it, for the window ending at {@code asOf}. */
    HuntRow row(String process, ProcessState state, long asOf) {
        RecentDevices devices = state.devices;
        List<DeviceSeen> seen = new ArrayList<>(devices.size());
        for (int i = 0; i < devices.size(); i++) {
            seen.add(new DeviceSeen(devices.id(i), devices.name(i), Timestamps.format(devices.lastSeen(i))));
        }
        seen.sort(Comparator.comparing(DeviceSeen::deviceId));
        long windowStart = asOf - window;
        boolean truncated = state.hashes.truncatedSince(windowStart) || state.ports.truncatedSince(windowStart)
                || state.remoteIps.truncatedSince(windowStart) || state.commandLines.truncatedSince(windowStart);
        Integer sampleIp = state.remoteIps.mostRecent(UNSIGNED);
        return new HuntRow(process, devices.size(),
                state.hashes.sorted(Comparator.naturalOrder()),
                state.commandLines.mostRecent(Comparator.naturalOrder()),
                sampleIp == null ? null : IpAddresses.format(sampleIp),
                state.ports.sorted(Comparator.naturalOrder()),
                null, null, null, null,
                List.copyOf(seen),
                state.remoteIps.sorted(UNSIGNED).stream().map(IpAddresses::format).toList(),
                state.firstSeen == Long.MAX_VALUE ? null : Timestamps.format(state.firstSeen),
                Timestamps.format(devices.newestLastSeen()),
                truncated, threshold);
    }

    private static Alert.Trigger trigger(Candidate event, List<String> newFacts) {
        return new Alert.Trigger(newFacts, Timestamps.format(event.timestampNanos()), event.deviceId(),
                event.deviceName(), IpAddresses.format(event.remoteIpv4()), event.remotePort(),
                event.processFileName(), event.md5(), event.sha256(), event.commandLine(), event.folderPath());
    }

    private static Alert.Source source(SourceRef ref) {
        if (ref == null || (!ref.isKafka() && !ref.isFile())) {
            return null;
        }
        return ref.isKafka()
                ? new Alert.Source(ref.topic(), ref.partition(), ref.offset(), null, null, ref.index())
                : new Alert.Source(null, null, null, ref.file(), ref.line(), ref.index());
    }
}
