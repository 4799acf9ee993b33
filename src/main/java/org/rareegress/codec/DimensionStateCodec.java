package org.rareegress.codec;

import java.util.Map;
import org.rareegress.detect.DimensionState;
import org.rareegress.detect.ProcessState;

/**
 * The stored form of a {@link DimensionState}: a version byte, flags, the scheduled time, then each value's
 * key and its {@link ProcessStateCodec} bytes, length-prefixed.
 */
public final class DimensionStateCodec {
    private static final int VERSION = 1;
    private static final int NOT_INFORMATIVE_ROW = 1;

    private final ProcessStateCodec values;

    public DimensionStateCodec(int threshold) {
        this.values = new ProcessStateCodec(threshold);
    }

    public byte[] encode(DimensionState state) {
        BinaryWriter out = new BinaryWriter(256);
        out.writeByte(VERSION);
        out.writeByte(state.notInformativeRowPublished() ? NOT_INFORMATIVE_ROW : 0);
        out.writeVarLong(state.scheduledAt() == Long.MAX_VALUE ? 0 : state.scheduledAt() + 1);
        out.writeVarInt(state.values().size());
        for (Map.Entry<String, ProcessState> value : state.values().entrySet()) {
            out.writeString(value.getKey());
            byte[] encoded = values.encode(value.getValue());
            out.writeVarInt(encoded.length);
            out.writeBytes(encoded);
        }
        return out.toByteArray();
    }

    public DimensionState decode(byte[] bytes) {
        BinaryReader in = new BinaryReader(bytes);
        int version = in.readByte();
        if (version != VERSION) {
            throw new IllegalStateException("unknown dimension-state encoding version " + version);
        }
        DimensionState state = new DimensionState();
        boolean notInformativeRowPublished = (in.readByte() & NOT_INFORMATIVE_ROW) != 0;
        long scheduled = in.readVarLong();
        state.restore(notInformativeRowPublished, scheduled == 0 ? Long.MAX_VALUE : scheduled - 1);
        int count = in.readCount();
        for (int i = 0; i < count; i++) {
            String key = in.readRequiredString("dimension value");
            int length = in.readCount();
            state.values().put(key, values.decode(in.readBytes(length)));
        }
        in.requireEnd("dimension state");
        return state;
    }
}
