package org.rareegress.detect;

/**
 * Everything the detector remembers about one process (one lower-cased file name) on one task.
 * Bounded whatever the traffic: N devices, capped evidence sets, and the facts of the last alert.
 * Mutable because it is loaded, changed and stored once per event; {@code codec.ProcessStateCodec} is its
 * stored form, written from {@link #snapshot()} and the devices and evidence, read back through {@link #restore}.
 */
public final class ProcessState {
    final RecentDevices devices;
    final Evidence<String> hashes = new Evidence<>();
    final Evidence<Integer> ports = new Evidence<>();
    final Evidence<Integer> remoteIps = new Evidence<>();
    final Evidence<String> commandLines = new Evidence<>();
    /** Earliest kept event time since the process was last absent from the window. */
    long firstSeen = Long.MAX_VALUE;
    /** Facts of the last published alert of this rare episode; null when none was published. */
    AlertFacts alerted;
    PendingAlert pending;
    /**
     * Alert-storm protection suppressed this process's NEW_RARE: none is raised before this time (the end of
     * that storm window); its next kept event after it raises it. MIN_VALUE when nothing was suppressed.
     */
    long suppressedUntil = Long.MIN_VALUE;
    /** Whether the table topic currently holds a row for this process. */
    boolean rowPublished;
    /** When the earliest scheduled check of this process fires; MAX_VALUE when none is scheduled. */
    long scheduledAt = Long.MAX_VALUE;

    public ProcessState(int threshold) {
        this.devices = new RecentDevices(threshold);
    }

    public RecentDevices devices() {
        return devices;
    }

    public Evidence<String> hashes() {
        return hashes;
    }

    public Evidence<Integer> ports() {
        return ports;
    }

    public Evidence<Integer> remoteIps() {
        return remoteIps;
    }

    public Evidence<String> commandLines() {
        return commandLines;
    }

    public long firstSeen() {
        return firstSeen;
    }

    public AlertFacts alerted() {
        return alerted;
    }

    public PendingAlert pending() {
        return pending;
    }

    public long suppressedUntil() {
        return suppressedUntil;
    }

    public boolean rowPublished() {
        return rowPublished;
    }

    public long scheduledAt() {
        return scheduledAt;
    }

    public void scheduledAt(long time) {
        this.scheduledAt = time;
    }

    public boolean isEmpty() {
        return devices.size() == 0;
    }

    /** The facts besides the devices and the evidence, as the stored form keeps them. */
    public record Snapshot(long firstSeen, long scheduledAt, boolean rowPublished, AlertFacts alerted,
                           PendingAlert pending, long suppressedUntil) {
    }

    public Snapshot snapshot() {
        return new Snapshot(firstSeen, scheduledAt, rowPublished, alerted, pending, suppressedUntil);
    }

    /** Puts back the facts of a stored state; its devices and evidence are restored through their own objects. */
    public void restore(Snapshot snapshot) {
        firstSeen = snapshot.firstSeen();
        scheduledAt = snapshot.scheduledAt();
        rowPublished = snapshot.rowPublished();
        alerted = snapshot.alerted();
        pending = snapshot.pending();
        suppressedUntil = snapshot.suppressedUntil();
    }
}
