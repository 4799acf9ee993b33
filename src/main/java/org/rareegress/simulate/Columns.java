package org.rareegress.simulate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Which columns the simulator's rows carry. {@link #FULL} is the whole Advanced Hunting export (~1.9 KB a
 * row with JSON keys); {@link #HUNT} keeps the columns the hunt reads plus two every real pipeline
 * carries (LocalIP, ReportId), about 710 bytes a row: the size of the events the benchmarks are
 * specified for.
 */
public enum Columns {
    FULL,
    HUNT("Timestamp", "DeviceId", "DeviceName", "ActionType", "RemoteIP", "RemotePort", "RemoteUrl", "LocalIP",
            "Protocol", "RemoteIPType", "InitiatingProcessSHA256", "InitiatingProcessMD5",
            "InitiatingProcessFileName", "InitiatingProcessCommandLine",
            "InitiatingProcessFolderPath", "ReportId");

    private final byte[][] kept;

    Columns(String... kept) {
        this.kept = new byte[kept.length][];
        for (int i = 0; i < kept.length; i++) {
            this.kept[i] = kept[i].getBytes(StandardCharsets.US_ASCII);
        }
    }

    public static Columns parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("columns must be 'full' or 'hunt', got '" + text + "'");
        }
    }

    /** {@code sink} itself for {@link #FULL}; else a sink that drops the other columns before passing rows on. */
    public EventSink project(EventSink sink) {
        return this == FULL ? sink : new Projection(sink, kept);
    }

    /**
     * Copies the kept fields of a row the simulator rendered: a flat object of strings (with escapes),
     * numbers and nulls, which is all {@link RowRenderer} writes. Keys are compared as raw bytes.
     */
    private static final class Projection implements EventSink {
        private final EventSink target;
        private final byte[][] kept;
        private byte[] out = new byte[2048];

        Projection(EventSink target, byte[][] kept) {
            this.target = target;
            this.kept = kept;
        }

        @Override
        public void event(byte[] row, int length, long ticks, byte[] deviceId) throws IOException {
            if (out.length < length) {
                out = new byte[length];
            }
            int size = 0;
            out[size++] = '{';
            int i = 1;
            while (i < length && row[i] == '"') {
                int keyStart = i + 1;
                int keyEnd = keyStart;
                while (row[keyEnd] != '"') {
                    keyEnd++;
                }
                int valueStart = keyEnd + 2;
                int valueEnd = valueEnd(row, valueStart);
                if (isKept(row, keyStart, keyEnd)) {
                    if (size > 1) {
                        out[size++] = ',';
                    }
                    System.arraycopy(row, i, out, size, valueEnd - i);
                    size += valueEnd - i;
                }
                i = valueEnd + 1;
            }
            out[size++] = '}';
            target.event(out, size, ticks, deviceId);
        }

        private boolean isKept(byte[] row, int from, int to) {
            for (byte[] key : kept) {
                if (Arrays.equals(row, from, to, key, 0, key.length)) {
                    return true;
                }
            }
            return false;
        }

        /** The index just past the value that starts at {@code at}. */
        private static int valueEnd(byte[] row, int at) {
            int i = at;
            if (row[i] == '"') {
                i++;
                while (row[i] != '"') {
                    i += row[i] == '\\' ? 2 : 1;
                }
                return i + 1;
            }
            while (row[i] != ',' && row[i] != '}') {
                i++;
            }
            return i;
        }
    }
}
