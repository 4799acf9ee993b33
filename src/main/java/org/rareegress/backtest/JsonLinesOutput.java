package org.rareegress.backtest;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A JSON-lines output: a file, or standard output for {@code -}. */
public final class JsonLinesOutput implements AutoCloseable {
    private final OutputStream out;
    private final boolean standardOutput;

    private JsonLinesOutput(OutputStream out, boolean standardOutput) {
        this.out = out;
        this.standardOutput = standardOutput;
    }

    public static JsonLinesOutput open(String target) throws IOException {
        if ("-".equals(target)) {
            return new JsonLinesOutput(new BufferedOutputStream(System.out, 1 << 16), true);
        }
        Path path = Path.of(target);
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        return new JsonLinesOutput(new BufferedOutputStream(Files.newOutputStream(path), 1 << 16), false);
    }

    public void line(byte[] json) {
        try {
            out.write(json);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        out.flush();
        if (!standardOutput) {
            out.close();
        }
    }
}
