package org.rareegress.order;

import org.rareegress.codec.BinaryReader;
import org.rareegress.codec.BinaryWriter;
import org.rareegress.codec.CandidateCodec;

/**
 * The binary form of a {@link SourceMessage} on the repartition topic. The first byte says what follows;
 * byte 1 was the bare candidate of semantics version 1, which a version 2 task refuses by name rather
 * than process out of order. Bytes 2 and 3 are messages without {@link SourceMessage#asOf}, from a release
 * before idle confirmations (during a rolling upgrade): read as that release meant them, progress that holds
 * whatever the clock and idleness until further notice.
 */
public final class SourceMessageCodec {
    private static final int LEGACY_CANDIDATE = 1;
    private static final int KEPT_WITHOUT_TIME = 2;
    private static final int PROGRESS_WITHOUT_TIME = 3;
    private static final int KEPT = 4;
    private static final int PROGRESS = 5;
    private static final int HAS_WATERMARK = 1;
    private static final int HAS_KEPT = 2;
    private static final int IDLE = 4;

    private SourceMessageCodec() {
    }

    public static byte[] encode(SourceMessage message) {
        BinaryWriter out = new BinaryWriter(160);
        if (message instanceof SourceMessage.Kept kept) {
            out.writeByte(KEPT);
            out.writeVarInt(kept.source());
            write(out, kept.before());
            out.writeZigZag(kept.asOf());
            CandidateCodec.write(out, kept.candidate());
        } else {
            SourceMessage.Progress progress = (SourceMessage.Progress) message;
            out.writeByte(PROGRESS);
            out.writeVarInt(progress.source());
            write(out, progress.progress());
            out.writeZigZag(progress.asOf());
        }
        return out.toByteArray();
    }

    public static SourceMessage decode(byte[] bytes) {
        BinaryReader in = new BinaryReader(bytes);
        int kind = in.readByte();
        SourceMessage message = switch (kind) {
            case KEPT -> new SourceMessage.Kept(in.readVarInt(), read(in), in.readZigZag(), CandidateCodec.read(in));
            case PROGRESS -> new SourceMessage.Progress(in.readVarInt(), read(in), in.readZigZag());
            case KEPT_WITHOUT_TIME -> new SourceMessage.Kept(in.readVarInt(), read(in), SourceMessage.TIMELESS,
                    CandidateCodec.read(in));
            case PROGRESS_WITHOUT_TIME -> {
                int source = in.readVarInt();
                SourceProgress progress = read(in);
                yield new SourceMessage.Progress(source, progress, progress.idle() ? SourceMessage.FOREVER
                        : SourceMessage.TIMELESS);
            }
            case LEGACY_CANDIDATE -> throw new IllegalStateException("a candidate written by a release before semantics"
                    + " version 2 (no event-time order); deploy under a new kafka.application.id (docs/operations.md)");
            default -> throw new IllegalStateException("unknown repartition message kind " + kind);
        };
        in.requireEnd("repartition message");
        return message;
    }

    /** A source's progress alone, as a stateful task stores it. */
    public static byte[] encode(SourceProgress progress) {
        BinaryWriter out = new BinaryWriter(32);
        write(out, progress);
        return out.toByteArray();
    }

    public static SourceProgress decodeProgress(byte[] bytes) {
        BinaryReader in = new BinaryReader(bytes);
        SourceProgress progress = read(in);
        in.requireEnd("source progress");
        return progress;
    }

    private static void write(BinaryWriter out, SourceProgress progress) {
        boolean hasWatermark = progress.watermark() != Long.MIN_VALUE;
        boolean hasKept = progress.minKept() != Long.MAX_VALUE;
        out.writeByte((hasWatermark ? HAS_WATERMARK : 0) | (hasKept ? HAS_KEPT : 0) | (progress.idle() ? IDLE : 0));
        if (hasWatermark) {
            out.writeZigZag(progress.watermark());
        }
        if (hasKept) {
            out.writeZigZag(progress.minKept());
            out.writeZigZag(progress.maxKept());
        }
    }

    private static SourceProgress read(BinaryReader in) {
        int flags = in.readByte();
        long watermark = (flags & HAS_WATERMARK) != 0 ? in.readZigZag() : Long.MIN_VALUE;
        long minKept = Long.MAX_VALUE;
        long maxKept = Long.MIN_VALUE;
        if ((flags & HAS_KEPT) != 0) {
            minKept = in.readZigZag();
            maxKept = in.readZigZag();
        }
        return new SourceProgress(watermark, minKept, maxKept, (flags & IDLE) != 0);
    }
}
