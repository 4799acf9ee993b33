package org.rareegress.backtest;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.rareegress.event.read.ByteScan;

/**
 * Splits a JSON-lines file, plain or gzip (told by its magic bytes, not its name), into lines of raw
 * bytes without decoding them: the topology parses bytes, and bad bytes must reach it as they are.
 * Lines are handed out as slices of a reused buffer, so a file is copied once, not per line.
 */
public final class LineReader {
    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;
    private static final int CHUNK = 1 << 16;

    /** Receives each non-blank line (without its line break) and its 1-based number; valid during the call. */
    public interface LineConsumer {
        void line(byte[] buffer, int offset, int length, long number);
    }

    private LineReader() {
    }

    /** Reads every line; returns true when a gzip file ended without its trailer (every complete line was read). */
    public static boolean read(Path file, int maxLineBytes, LineConsumer consumer) throws IOException {
        try (InputStream in = open(file)) {
            return read(in, maxLineBytes, consumer);
        }
    }

    static InputStream open(Path file) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), CHUNK);
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        if (first == GZIP_MAGIC_1 && second == GZIP_MAGIC_2) {
            return new GZIPInputStream(in, CHUNK);
        }
        return in;
    }

    /**
     * @param maxLineBytes a line longer than this is handed on cut to {@code maxLineBytes + 1} bytes (the
     *                     record-size guard then rejects it with its reason) and the rest of it skipped,
     *                     so a file without line breaks cannot exhaust memory
     * @return whether the input ended early (a gzip stream without its trailer)
     */
    static boolean read(InputStream in, int maxLineBytes, LineConsumer consumer) throws IOException {
        byte[] buffer = new byte[CHUNK];
        int filled = 0;
        long number = 0;
        boolean truncated = false;
        boolean skippingRestOfLine = false;
        while (true) {
            if (filled == buffer.length) {
                if (buffer.length <= maxLineBytes) {
                    buffer = Arrays.copyOf(buffer, (int) Math.min((long) buffer.length * 2, maxLineBytes + 1L));
                } else {
                    emit(buffer, 0, filled, ++number, consumer);
                    filled = 0;
                    skippingRestOfLine = true;
                }
            }
            int read;
            try {
                read = in.read(buffer, filled, buffer.length - filled);
            } catch (EOFException e) {
                // A gzip stream cut short (no trailer): keep what was read; the caller warns.
                truncated = true;
                break;
            }
            if (read < 0) {
                break;
            }
            int end = filled + read;
            int start = 0;
            for (int i = ByteScan.indexOf(buffer, filled, end, (byte) '\n'); i >= 0;
                 i = ByteScan.indexOf(buffer, i + 1, end, (byte) '\n')) {
                if (skippingRestOfLine) {
                    skippingRestOfLine = false;
                } else {
                    emit(buffer, start, i, ++number, consumer);
                }
                start = i + 1;
            }
            if (skippingRestOfLine) {
                filled = 0;
                continue;
            }
            filled = end - start;
            System.arraycopy(buffer, start, buffer, 0, filled);
        }
        if (filled > 0 && !skippingRestOfLine) {
            // The last line, even of a cut stream: complete, it parses; cut, it is rejected with a reason.
            emit(buffer, 0, filled, ++number, consumer);
        }
        return truncated;
    }

    private static void emit(byte[] buffer, int start, int end, long number, LineConsumer consumer) {
        int length = end - start;
        if (length > 0 && buffer[end - 1] == '\r') {
            length--;
        }
        for (int i = start; i < start + length; i++) {
            byte b = buffer[i];
            if (b != ' ' && b != '\t') {
                consumer.line(buffer, start, length, number);
                return;
            }
        }
    }
}
