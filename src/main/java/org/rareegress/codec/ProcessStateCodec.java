package org.rareegress.codec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.rareegress.detect.AlertFacts;
import org.rareegress.detect.Evidence;
import org.rareegress.detect.PendingAlert;
import org.rareegress.detect.ProcessState;
import org.rareegress.detect.RecentDevices;

/**
 * The stored form of a {@link ProcessState}: a version byte, then times as zig-zag varints relative
 * to the newest device's last-seen time (so a time costs a few bytes, not eight), strings as
 * length-prefixed UTF-8. Compact because it is read and written once per kept event.
 *
 * <p>Version 2 (written since 0.1) stores hex DeviceIds and MD5s as bytes, each device name as what
 * differs from the one before, and the last alert's devices and hashes as bitmasks over the devices and
 * hashes kept (values no longer kept follow in full); see {@link CompactFields}. Version 1 state, as
 * earlier releases stored it, is still read, and is rewritten as version 2 the next time its process
 * changes: no migration step.
 *
 * <p>Version 3 is version 2 with one more field, the end of the storm window that suppressed the process's
 * NEW_RARE ({@link ProcessState#suppressedUntil()}), after the held alert. Only a state that has it is written as
 * version 3, so a release that reads versions 1 and 2 reads every other state as before; one that meets a
 * version 3 state discards it, and the process starts afresh (its NEW_RARE, deferred by the storm, comes then).
 */
public final class ProcessStateCodec {
    private static final int VERSION_1 = 1;
    private static final int VERSION_2 = 2;
    private static final int VERSION = 3;
    /** Bitmasks are one long: sets with more members than this are written in full. */
    private static final int MAX_MASKED = 63;
    private static final int ROW_PUBLISHED = 1;
    private static final int HAS_ALERTED = 2;
    private static final int HAS_PENDING = 4;
    private static final int SUPPRESSED = 8;
    private static final long NONE = Long.MIN_VALUE;

    private final int threshold;

    public ProcessStateCodec(int threshold) {
        this.threshold = threshold;
    }

    public byte[] encode(ProcessState state) {
        BinaryWriter out = new BinaryWriter(256);
        ProcessState.Snapshot facts = state.snapshot();
        boolean suppressed = facts.suppressedUntil() != Long.MIN_VALUE;
        out.writeByte(suppressed ? VERSION : VERSION_2);
        long base = state.devices().size() == 0 ? 0 : state.devices().newestLastSeen();
        out.writeVarLong(base);
        int flags = (facts.rowPublished() ? ROW_PUBLISHED : 0) | (facts.alerted() != null ? HAS_ALERTED : 0)
                | (facts.pending() != null ? HAS_PENDING : 0) | (suppressed ? SUPPRESSED : 0);
        out.writeByte(flags);
        writeTime(out, base, facts.firstSeen());
        writeTime(out, base, facts.scheduledAt());

        RecentDevices devices = state.devices();
        out.writeVarInt(devices.size());
        for (int i = 0; i < devices.size(); i++) {
            CompactFields.writeHexOrText(out, devices.id(i), CompactFields.DEVICE_ID_HEX);
            CompactFields.writeName(out, devices.name(i), i == 0 ? null : devices.name(i - 1));
            out.writeZigZag(devices.lastSeen(i) - base);
        }
        writeEvidence(out, base, state.hashes(), hash -> CompactFields.writeHexOrText(out, hash, CompactFields.MD5_HEX));
        writeEvidence(out, base, state.ports(), out::writeVarInt);
        writeEvidence(out, base, state.remoteIps(), out::writeInt);
        writeEvidence(out, base, state.commandLines(), out::writeString);

        if (facts.alerted() != null) {
            writeMasked(out, facts.alerted().deviceIds(), devices.size(), devices::id,
                    id -> CompactFields.writeHexOrText(out, id, CompactFields.DEVICE_ID_HEX));
            writeMasked(out, facts.alerted().hashes(), state.hashes().size(), state.hashes()::value,
                    hash -> CompactFields.writeHexOrText(out, hash, CompactFields.MD5_HEX));
            writeSet(out, facts.alerted().ports(), out::writeVarInt);
        }
        if (facts.pending() != null) {
            writeTime(out, base, facts.pending().dueAt());
            writeTime(out, base, facts.pending().detectedAt());
            CandidateCodec.write(out, facts.pending().trigger());
        }
        if (suppressed) {
            writeTime(out, base, facts.suppressedUntil());
        }
        return out.toByteArray();
    }

    public ProcessState decode(byte[] bytes) {
        BinaryReader in = new BinaryReader(bytes);
        int version = in.readByte();
        if (version != VERSION && version != VERSION_2 && version != VERSION_1) {
            throw new IllegalStateException("unknown process-state encoding version " + version);
        }
        boolean compact = version != VERSION_1;
        long base = in.readVarLong();
        int flags = in.readByte();
        ProcessState state = new ProcessState(threshold);
        boolean rowPublished = (flags & ROW_PUBLISHED) != 0;
        long firstSeen = readTime(in, base);
        long scheduledAt = readTime(in, base);

        int deviceCount = in.readCount();
        // The alerted-device mask indexes the devices as stored. A lowered threshold keeps fewer of them
        // (observe drops the oldest past the new capacity), so the mask is resolved against this list.
        String[] storedDeviceIds = new String[deviceCount];
        String previousName = null;
        for (int i = 0; i < deviceCount; i++) {
            String id = compact ? CompactFields.readRequiredHexOrText(in, CompactFields.DEVICE_ID_HEX, "device id")
                    : in.readRequiredString("device id");
            String name = compact ? CompactFields.readName(in, previousName) : in.readString();
            state.devices().observe(id, name, base + in.readZigZag());
            storedDeviceIds[i] = id;
            previousName = name;
        }
        readEvidence(in, base, state.hashes(), compact
                ? () -> CompactFields.readRequiredHexOrText(in, CompactFields.MD5_HEX, "hash")
                : () -> in.readRequiredString("hash"));
        readEvidence(in, base, state.ports(), in::readVarInt);
        readEvidence(in, base, state.remoteIps(), in::readInt);
        readEvidence(in, base, state.commandLines(), () -> in.readRequiredString("command line"));

        AlertFacts alerted = null;
        if ((flags & HAS_ALERTED) != 0) {
            Set<String> deviceIds = compact
                    ? readMasked(in, deviceCount, i -> storedDeviceIds[i],
                            () -> CompactFields.readRequiredHexOrText(in, CompactFields.DEVICE_ID_HEX, "alerted device id"))
                    : readSet(in, () -> in.readRequiredString("alerted device id"));
            Set<String> hashes = compact
                    ? readMasked(in, state.hashes().size(), state.hashes()::value,
                            () -> CompactFields.readRequiredHexOrText(in, CompactFields.MD5_HEX, "alerted hash"))
                    : readSet(in, () -> in.readRequiredString("alerted hash"));
            Set<Integer> ports = readSet(in, in::readVarInt);
            alerted = new AlertFacts(deviceIds, hashes, ports);
        }
        PendingAlert pending = null;
        if ((flags & HAS_PENDING) != 0) {
            long dueAt = readTime(in, base);
            long detectedAt = readTime(in, base);
            pending = new PendingAlert(dueAt, detectedAt, CandidateCodec.read(in));
        }
        long suppressedUntil = Long.MIN_VALUE;
        if ((flags & SUPPRESSED) != 0) {
            if (version != VERSION) {
                throw new IllegalStateException("a version " + version + " process state marked suppressed");
            }
            suppressedUntil = readTime(in, base);
        }
        in.requireEnd("process state");
        state.restore(new ProcessState.Snapshot(firstSeen, scheduledAt, rowPublished, alerted, pending, suppressedUntil));
        return state;
    }

    /** Times that may be "none" (MIN or MAX) are written as a marker byte first. */
    private static void writeTime(BinaryWriter out, long base, long time) {
        if (time == Long.MAX_VALUE || time == NONE) {
            out.writeByte(time == Long.MAX_VALUE ? 1 : 2);
            return;
        }
        out.writeByte(0);
        out.writeZigZag(time - base);
    }

    private static long readTime(BinaryReader in, long base) {
        return switch (in.readByte()) {
            case 0 -> base + in.readZigZag();
            case 1 -> Long.MAX_VALUE;
            case 2 -> NONE;
            default -> throw new IllegalStateException("bad time marker");
        };
    }

    private static <T> void writeEvidence(BinaryWriter out, long base, Evidence<T> evidence,
                                          java.util.function.Consumer<T> writeValue) {
        out.writeVarInt(evidence.size());
        writeTime(out, base, evidence.truncatedUntil());
        for (int i = 0; i < evidence.size(); i++) {
            writeValue.accept(evidence.value(i));
            out.writeZigZag(evidence.lastSeen(i) - base);
        }
    }

    private static <T> void readEvidence(BinaryReader in, long base, Evidence<T> evidence,
                                         java.util.function.Supplier<T> readValue) {
        int size = in.readCount();
        evidence.restoreTruncatedUntil(readTime(in, base));
        for (int i = 0; i < size; i++) {
            T value = readValue.get();
            evidence.restore(value, base + in.readZigZag());
        }
    }

    private static <T> void writeSet(BinaryWriter out, Set<T> set, java.util.function.Consumer<T> writeValue) {
        out.writeVarInt(set.size());
        set.stream().sorted().forEach(writeValue);
    }

    /**
     * A set whose members are mostly among {@code kept} (the state's devices or hashes): a bitmask of the
     * kept ones it holds, then the others in full, sorted.
     */
    private static void writeMasked(BinaryWriter out, Set<String> set, int keptCount, IntFunction<String> kept,
                                    Consumer<String> writeValue) {
        long mask = 0;
        List<String> others = new ArrayList<>();
        Set<String> masked = new HashSet<>();
        if (keptCount <= MAX_MASKED) {
            for (int i = 0; i < keptCount; i++) {
                if (set.contains(kept.apply(i)) && masked.add(kept.apply(i))) {
                    mask |= 1L << i;
                }
            }
        }
        for (String value : set) {
            if (!masked.contains(value)) {
                others.add(value);
            }
        }
        out.writeVarLong(mask);
        writeSet(out, Set.copyOf(others), writeValue);
    }

    private static Set<String> readMasked(BinaryReader in, int keptCount, IntFunction<String> kept,
                                          java.util.function.Supplier<String> readValue) {
        long mask = in.readVarLong();
        if (keptCount < Long.SIZE && (mask >>> keptCount) != 0) {
            throw new IllegalStateException("alerted mask " + Long.toHexString(mask) + " beyond " + keptCount + " kept values");
        }
        Set<String> set = new HashSet<>(readSet(in, readValue));
        for (int i = 0; i < Math.min(keptCount, Long.SIZE); i++) {
            if ((mask & 1L << i) != 0) {
                set.add(kept.apply(i));
            }
        }
        return Set.copyOf(set);
    }

    private static <T> Set<T> readSet(BinaryReader in, java.util.function.Supplier<T> readValue) {
        int size = in.readCount();
        Set<T> set = new HashSet<>(size * 2);
        for (int i = 0; i < size; i++) {
            set.add(readValue.get());
        }
        return Set.copyOf(set);
    }
}
