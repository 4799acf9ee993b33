package org.rareegress.backtest;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Splits a JSON-lines file, plain or gzip (told by its magic bytes, not its name), into lines of raw
 * bytes without decoding them: the topology parses bytes, and bad bytes must reach it as they are.
 */
final class LineReader {
    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;

    /** Receives each non-blank line with its 1-based number. */
    interface LineConsumer {
        void line(byte[] bytes, long number);
    }

    private LineReader() {
    }

    /** Reads every line; returns true when a gzip file ended without its trailer (every complete line was read). */
    static boolean read(Path file, LineConsumer consumer) throws IOException {
        try (InputStream in = open(file)) {
            return read(in, consumer);
        }
    }

    static InputStream open(Path file) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        if (first == GZIP_MAGIC_1 && second == GZIP_MAGIC_2) {
            return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        }
        return in;
    }

    static boolean read(InputStream in, LineConsumer consumer) throws IOException {
        byte[] buffer = new byte[1 << 16];
        ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
        long number = 0;
        int read;
        boolean truncated = false;
        while (true) {
            try {
                read = in.read(buffer);
            } catch (EOFException e) {
                // A gzip stream cut short (no trailer): keep what was read; the caller warns.
                truncated = true;
                break;
            }
            if (read <= 0) {
                break;
            }
            int start = 0;
            for (int i = 0; i < read; i++) {
                if (buffer[i] == '\n') {
                    line.write(buffer, start, i - start);
                    number++;
                    emit(line, number, consumer);
                    line.reset();
                    start = i + 1;
                }
            }
            line.write(buffer, start, read - start);
        }
        if (line.size() > 0) {
            // The last line, even of a cut stream: complete, it parses; cut, it is rejected with a reason.
            number++;
            emit(line, number, consumer);
        }
        return truncated;
    }

    private static void emit(ByteArrayOutputStream line, long number, LineConsumer consumer) {
        byte[] bytes = line.toByteArray();
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        if (isBlank(bytes, length)) {
            return;
        }
        consumer.line(length == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, length), number);
    }

    private static boolean isBlank(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
