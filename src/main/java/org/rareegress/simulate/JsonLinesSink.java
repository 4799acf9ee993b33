package org.rareegress.simulate;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** Writes each record (a row, or an envelope) as one line to a stream, counting the bytes. */
public final class JsonLinesSink implements EventSink, AutoCloseable {
    private final OutputStream out;
    private final boolean closeStream;
    private long bytes;

    public JsonLinesSink(OutputStream out, boolean closeStream) {
        this.out = out instanceof BufferedOutputStream ? out : new BufferedOutputStream(out, 1 << 16);
        this.closeStream = closeStream;
    }

    /**
     * Opens a file, or standard output for {@code -}; gzip when asked or when the name ends in .gz.
     * Gzip runs at its fastest level: the generator would otherwise wait on the compressor.
     */
    public static JsonLinesSink open(String target, boolean gzip) throws IOException {
        boolean standardOutput = "-".equals(target);
        OutputStream raw;
        if (standardOutput) {
            raw = System.out;
        } else {
            Path path = Path.of(target);
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            raw = Files.newOutputStream(path);
        }
        if (gzip || target.endsWith(".gz")) {
            raw = new GZIPOutputStream(raw, 1 << 16) {
                {
                    def.setLevel(Deflater.BEST_SPEED);
                }
            };
        }
        return new JsonLinesSink(raw, !standardOutput || gzip || target.endsWith(".gz"));
    }

    @Override
    public void event(byte[] row, int length, long ticks, byte[] deviceId) throws IOException {
        out.write(row, 0, length);
        out.write('\n');
        bytes += length + 1;
    }

    public long bytes() {
        return bytes;
    }

    @Override
    public void close() throws IOException {
        if (closeStream) {
            out.close();
        } else {
            out.flush();
        }
    }
}
