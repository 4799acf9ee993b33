package org.rareegress.codec;

import java.util.ArrayList;
import java.util.List;
import org.rareegress.detect.AlertStorm;

/**
 * The stored form of an {@link AlertStorm}'s open window: a version byte, the window's start, then its end and
 * the first and last suppression as zig-zag varints relative to the start, the counts, and the names.
 */
public final class AlertStormCodec {
    private static final int VERSION = 1;

    private AlertStormCodec() {
    }

    /** The stored form; null when no window is open (nothing to keep). */
    public static byte[] encode(AlertStorm storm) {
        AlertStorm.Window window = storm.stored();
        if (window == null) {
            return null;
        }
        List<String> names = window.names();
        long start = window.start();
        BinaryWriter out = new BinaryWriter(64 + 32 * names.size());
        out.writeByte(VERSION);
        out.writeZigZag(start);
        out.writeZigZag(window.end() - start);
        out.writeVarInt(window.published());
        out.writeVarLong(window.suppressed());
        out.writeZigZag(window.firstSuppressedAt() - start);
        out.writeZigZag(window.lastSuppressedAt() - start);
        out.writeVarInt(names.size());
        names.forEach(out::writeString);
        return out.toByteArray();
    }

    /**
     * Restores {@code storm}'s open window from its stored form (see {@link AlertStorm#restore}).
     *
     * @throws IllegalStateException when the bytes are not a stored form of this class; {@code storm} is then unchanged
     */
    public static void restore(AlertStorm storm, byte[] bytes) {
        BinaryReader in = new BinaryReader(bytes);
        int version = in.readByte();
        if (version != VERSION) {
            throw new IllegalStateException("unknown alert-storm encoding version " + version);
        }
        long start = in.readZigZag();
        long end = start + in.readZigZag();
        int published = in.readVarInt();
        long suppressed = in.readVarLong();
        long firstSuppressedAt = start + in.readZigZag();
        long lastSuppressedAt = start + in.readZigZag();
        int count = in.readCount();
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(in.readRequiredString("process"));
        }
        in.requireEnd("alert storm");
        storm.restore(new AlertStorm.Window(start, end, published, suppressed, firstSuppressedAt, lastSuppressedAt, names));
    }
}
