package org.rareegress.detect;

import java.util.HashSet;
import java.util.Set;

/**
 * The stored form of a {@link ProcessState}: a version byte, then times as zig-zag varints relative
 * to the newest device's last-seen time (so a time costs a few bytes, not eight), strings as
 * length-prefixed UTF-8. Compact because it is read and written once per kept event.
 */
public final class ProcessStateCodec {
    private static final int VERSION = 1;
    private static final int ROW_PUBLISHED = 1;
    private static final int HAS_ALERTED = 2;
    private static final int HAS_PENDING = 4;
    private static final long NONE = Long.MIN_VALUE;

    private final int threshold;

    public ProcessStateCodec(int threshold) {
        this.threshold = threshold;
    }

    public byte[] encode(ProcessState state) {
        BinaryWriter out = new BinaryWriter(256);
        out.writeByte(VERSION);
        long base = state.devices.size() == 0 ? 0 : state.devices.newestLastSeen();
        out.writeVarLong(base);
        int flags = (state.rowPublished ? ROW_PUBLISHED : 0) | (state.alerted != null ? HAS_ALERTED : 0)
                | (state.pending != null ? HAS_PENDING : 0);
        out.writeByte(flags);
        writeTime(out, base, state.firstSeen);
        writeTime(out, base, state.scheduledAt);

        RecentDevices devices = state.devices;
        out.writeVarInt(devices.size());
        for (int i = 0; i < devices.size(); i++) {
            out.writeString(devices.id(i));
            out.writeString(devices.name(i));
            out.writeZigZag(devices.lastSeen(i) - base);
        }
        writeEvidence(out, base, state.hashes, out::writeString);
        writeEvidence(out, base, state.ports, out::writeVarInt);
        writeEvidence(out, base, state.remoteIps, out::writeInt);
        writeEvidence(out, base, state.commandLines, out::writeString);

        if (state.alerted != null) {
            writeSet(out, state.alerted.deviceIds(), out::writeString);
            writeSet(out, state.alerted.hashes(), out::writeString);
            writeSet(out, state.alerted.ports(), out::writeVarInt);
        }
        if (state.pending != null) {
            writeTime(out, base, state.pending.dueAt());
            writeTime(out, base, state.pending.detectedAt());
            CandidateCodec.write(out, state.pending.trigger());
        }
        return out.toByteArray();
    }

    public ProcessState decode(byte[] bytes) {
        BinaryReader in = new BinaryReader(bytes);
        int version = in.readByte();
        if (version != VERSION) {
            throw new IllegalStateException("unknown process-state encoding version " + version);
        }
        long base = in.readVarLong();
        int flags = in.readByte();
        ProcessState state = new ProcessState(threshold);
        state.rowPublished = (flags & ROW_PUBLISHED) != 0;
        state.firstSeen = readTime(in, base);
        state.scheduledAt = readTime(in, base);

        int deviceCount = in.readCount();
        for (int i = 0; i < deviceCount; i++) {
            String id = in.readRequiredString("device id");
            String name = in.readString();
            state.devices.observe(id, name, base + in.readZigZag());
        }
        readEvidence(in, base, state.hashes, () -> in.readRequiredString("hash"));
        readEvidence(in, base, state.ports, in::readVarInt);
        readEvidence(in, base, state.remoteIps, in::readInt);
        readEvidence(in, base, state.commandLines, () -> in.readRequiredString("command line"));

        if ((flags & HAS_ALERTED) != 0) {
            Set<String> deviceIds = readSet(in, () -> in.readRequiredString("alerted device id"));
            Set<String> hashes = readSet(in, () -> in.readRequiredString("alerted hash"));
            Set<Integer> ports = readSet(in, in::readVarInt);
            state.alerted = new AlertFacts(deviceIds, hashes, ports);
        }
        if ((flags & HAS_PENDING) != 0) {
            long dueAt = readTime(in, base);
            long detectedAt = readTime(in, base);
            state.pending = new PendingAlert(dueAt, detectedAt, CandidateCodec.read(in));
        }
        in.requireEnd("process state");
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

    private static <T> Set<T> readSet(BinaryReader in, java.util.function.Supplier<T> readValue) {
        int size = in.readCount();
        Set<T> set = new HashSet<>(size * 2);
        for (int i = 0; i < size; i++) {
            set.add(readValue.get());
        }
        return Set.copyOf(set);
    }
}
