package org.rareegress.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.rareegress.config.DetectorSettings;
import org.rareegress.event.IpAddresses;
import org.rareegress.event.SourceRef;
import org.rareegress.event.Timestamps;

/**
 * The hunt, for one process at a time: how a kept event, the passing of stream time and a due
 * confirmation change a {@link ProcessState}, and which alerts and table changes follow. Pure
 * logic: the caller loads and stores state, keeps stream time and schedules {@link #nextCheck}.
 *
 * <p>Window semantics: at time {@code t} a device or an evidence value is in the window when its
 * last-seen time lies in {@code (t - W, t]}.
 */
public final class ProcessTracker {
    private static final Comparator<Integer> UNSIGNED = Integer::compareUnsigned;

    private final long window;
    private final int threshold;
    private final int evidenceCap;
    private final long confirmAfter;

    public ProcessTracker(DetectorSettings settings) {
        this.window = settings.windowNanos();
        this.threshold = settings.threshold();
        this.evidenceCap = settings.evidenceCap();
        this.confirmAfter = settings.confirmAfterNanos();
    }

    /** Where the tracker's results go. */
    public interface Output {
        void alert(Alert alert);

        /** A new or changed table row; {@code row} null removes the process from the table. */
        void row(String process, HuntRow row);

        /** A NEW_RARE alert is held until {@code dueAt}: call {@link #confirm} then. */
        void confirmAt(String process, long dueAt);
    }

    public ProcessState newState() {
        return new ProcessState(threshold);
    }

    public int threshold() {
        return threshold;
    }

    public long window() {
        return window;
    }

    /** An event at or before this time is late when stream time is {@code streamTime}. */
    public long lateCutoff(long streamTime) {
        return streamTime - window;
    }

    /**
     * Applies a kept, not-late event at stream time {@code now}.
     *
     * @param alertsEnabled false during warm-up: state and table build, no alert is published
     */
    public void onEvent(String process, ProcessState state, Candidate event, long now, boolean alertsEnabled, Output out) {
        expire(state, now);
        state.devices.observe(event.deviceId(), event.deviceName(), event.timestampNanos());
        if (event.md5() != null) {
            state.hashes.add(event.md5(), event.timestampNanos(), evidenceCap);
        }
        state.ports.add(event.remotePort(), event.timestampNanos(), evidenceCap);
        state.remoteIps.add(event.remoteIpv4(), event.timestampNanos(), evidenceCap);
        if (event.commandLine() != null) {
            state.commandLines.add(EvidenceText.commandLine(event.commandLine()), event.timestampNanos(), evidenceCap);
        }
        state.firstSeen = Math.min(state.firstSeen, event.timestampNanos());

        if (!isRare(state)) {
            // The NO_LONGER_RARE alert shows the whole window's evidence: prune only after it.
            becomePrevalent(process, state, event, now, out);
            pruneBehindThreshold(state);
            return;
        }
        out.row(process, row(process, state, now));
        state.rowPublished = true;
        if (!alertsEnabled || state.pending != null) {
            // A held NEW_RARE already covers this event: it shows the facts as of its confirmation.
            return;
        }
        if (state.alerted == null) {
            if (confirmAfter == 0) {
                publish(AlertType.NEW_RARE, process, state, event, List.of("Process"), now, now, null, out);
            } else {
                state.pending = new PendingAlert(saturatedAdd(now, confirmAfter), now, event);
                out.confirmAt(process, state.pending.dueAt());
            }
            return;
        }
        AlertFacts.Trigger added = state.alerted.newIn(event);
        if (added.any()) {
            List<String> what = new ArrayList<>(3);
            if (added.newDevice()) {
                what.add("Device");
            }
            if (added.newHash()) {
                what.add("Hash");
            }
            if (added.newPort()) {
                what.add("Port");
            }
            publish(AlertType.UPDATED, process, state, event, what, now, now, null, out);
        }
    }

    /**
     * Stream time has reached {@code now}: forgets what left the window and updates the table.
     * A state left empty must be deleted by the caller ({@link ProcessState#isEmpty()}).
     */
    public void onCheck(String process, ProcessState state, long now, Output out) {
        boolean wasRare = state.rowPublished;
        boolean changed = expire(state, now);
        if (state.isEmpty()) {
            // Gone from the window entirely: the episode is over; a return is a new NEW_RARE.
            if (state.rowPublished) {
                out.row(process, null);
                state.rowPublished = false;
            }
            state.alerted = null;
            state.pending = null;
            return;
        }
        if (isRare(state) && (changed || !wasRare)) {
            out.row(process, row(process, state, now));
            state.rowPublished = true;
        }
    }

    /** A held NEW_RARE is due at {@code now}; it is published if it was not cancelled meanwhile. */
    public void confirm(String process, ProcessState state, long now, Output out) {
        PendingAlert pending = state.pending;
        if (pending == null || pending.dueAt() > now) {
            return;
        }
        onCheck(process, state, now, out);
        state.pending = null;
        if (isRare(state)) {
            publish(AlertType.NEW_RARE, process, state, pending.trigger(), List.of("Process"), pending.detectedAt(), now,
                    now, out);
        }
    }

    /** When expiry alone next changes something that matters; MAX_VALUE when nothing will. */
    public long nextCheck(ProcessState state) {
        if (state.isEmpty()) {
            return Long.MAX_VALUE;
        }
        if (state.devices.isFull()) {
            // Prevalent: what matters is when the N-th newest device leaves and the process turns rare.
            return saturatedAdd(state.devices.oldestLastSeen(), window);
        }
        long earliest = Math.min(state.devices.oldestLastSeen(), Math.min(
                Math.min(state.hashes.earliestLastSeen(), state.ports.earliestLastSeen()),
                Math.min(state.remoteIps.earliestLastSeen(), state.commandLines.earliestLastSeen())));
        return saturatedAdd(earliest, window);
    }

    public boolean isRare(ProcessState state) {
        int devices = state.devices.size();
        return devices > 0 && devices < threshold;
    }

    /**
     * The hunt-table row of a rare process at {@code asOf}, or null when it is not rare then.
     * The state must have been expired to {@code asOf} (see {@link #expire}).
     */
    public HuntRow rowIfRare(String process, ProcessState state, long asOf) {
        expire(state, asOf);
        return isRare(state) ? row(process, state, asOf) : null;
    }

    /** Forgets devices and evidence last seen at or before {@code now - W}; returns whether anything went. */
    public boolean expire(ProcessState state, long now) {
        long cutoff = now - window;
        boolean changed = state.devices.removeUpTo(cutoff);
        changed |= state.hashes.removeUpTo(cutoff);
        changed |= state.ports.removeUpTo(cutoff);
        changed |= state.remoteIps.removeUpTo(cutoff);
        changed |= state.commandLines.removeUpTo(cutoff);
        return changed;
    }

    private void becomePrevalent(String process, ProcessState state, Candidate event, long now, Output out) {
        // A held NEW_RARE that did not survive its confirmation period is dropped without a word.
        state.pending = null;
        if (state.alerted != null) {
            publish(AlertType.NO_LONGER_RARE, process, state, event, List.of("Device"), now, now, null, out);
            state.alerted = null;
        }
        if (state.rowPublished) {
            out.row(process, null);
            state.rowPublished = false;
        }
    }

    /**
     * Once N devices are known, evidence last seen at or before the N-th newest device can never be
     * in a window where the process is rare again (that window starts after the N-th device's
     * last-seen time, which only grows), so it is dropped. This keeps prevalent processes small.
     */
    private void pruneBehindThreshold(ProcessState state) {
        if (!state.devices.isFull()) {
            return;
        }
        long cutoff = state.devices.oldestLastSeen();
        state.hashes.removeUpTo(cutoff);
        state.ports.removeUpTo(cutoff);
        state.remoteIps.removeUpTo(cutoff);
        state.commandLines.removeUpTo(cutoff);
    }

    private void publish(AlertType type, String process, ProcessState state, Candidate trigger, List<String> newFacts,
                         long detectedAt, long evaluatedAt, Long confirmedAt, Output out) {
        HuntRow facts = row(process, state, evaluatedAt);
        Alert alert = new Alert(AlertIds.of(type, process, trigger), type, facts, Timestamps.format(detectedAt),
                confirmedAt == null ? null : Timestamps.format(confirmedAt),
                Timestamps.format(evaluatedAt - window), Timestamps.format(evaluatedAt),
                trigger(trigger, newFacts), source(trigger.source()));
        if (type != AlertType.NO_LONGER_RARE) {
            Set<String> deviceIds = new HashSet<>();
            facts.devices().forEach(device -> deviceIds.add(device.deviceId()));
            state.alerted = new AlertFacts(Set.copyOf(deviceIds), Set.copyOf(facts.hashes()), Set.copyOf(facts.ports()));
        }
        out.alert(alert);
    }

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

    static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
