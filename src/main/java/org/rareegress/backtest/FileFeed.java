package org.rareegress.backtest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.rareegress.topology.LineBatch;

/**
 * One input file read ahead on its own thread into packed batches of lines ({@link LineBatch}), a few at a
 * time, so that decompressing and splitting a file overlaps with the detector's work on the previous
 * batches, and several files can be merged by event time: the backtest takes the next batch from the file
 * that is furthest behind. What is taken, and so the result, does not depend on the thread's speed.
 */
final class FileFeed implements AutoCloseable {
    /** Lines a batch holds at most: enough to amortize the driver's per-record commit. */
    static final int BATCH_LINES = 512;
    static final int BATCH_BYTES = 1 << 20;
    /** Batches read ahead per file: bounds the memory of a backtest of many files at a few MiB each. */
    private static final int AHEAD = 2;

    /** What the reader hands over, in file order. */
    sealed interface Chunk {
    }

    /** Lines of the file, packed. */
    record Lines(byte[] packed) implements Chunk {
    }

    /** One row the file reader could not turn into a record, packed as a one-line batch, and why. */
    record Unreadable(byte[] packed, String reason) implements Chunk {
    }

    /**
     * The end of the file; {@code truncated} when input was lost: a gzip stream ended without its trailer, or
     * (a {@code csv} file) the rest could not be split into rows.
     */
    record End(boolean truncated, boolean csv) implements Chunk {
    }

    /** The file could not be read on: an I/O error. */
    record Failed(IOException error) implements Chunk {
    }

    private final Path file;
    private final int maxLineBytes;
    private final BlockingQueue<Chunk> chunks = new ArrayBlockingQueue<>(AHEAD);
    private final LineBatch batch = new LineBatch();
    private final Thread thread;

    FileFeed(Path file, int maxLineBytes) {
        this.file = file;
        this.maxLineBytes = maxLineBytes;
        this.thread = new Thread(this::readAll, "backtest-read-" + file.getFileName());
        thread.setDaemon(true);
        thread.start();
    }

    Path file() {
        return file;
    }

    /** The next chunk, waiting for the reader if it is behind. */
    Chunk take() throws InterruptedException {
        return chunks.take();
    }

    private void readAll() {
        try {
            boolean truncated;
            boolean csv = CsvInput.isCsv(file);
            if (csv) {
                truncated = CsvInput.read(file, maxLineBytes, new CsvInput.RowConsumer() {
                    @Override
                    public void row(byte[] json, long line) {
                        add(json, 0, json.length, line);
                    }

                    @Override
                    public void unreadable(String reason, byte[] raw, long line) {
                        flush();
                        batch.add(line, raw, 0, raw.length);
                        put(new Unreadable(batch.drain(), reason));
                    }
                });
            } else {
                truncated = LineReader.read(file, maxLineBytes, (buffer, offset, length, number) ->
                        add(buffer, offset, length, number));
            }
            flush();
            put(new End(truncated, csv));
        } catch (Stopped stopped) {
            // close() while reading: nobody takes the rest.
        } catch (IOException e) {
            flush();
            put(new Failed(e));
        } catch (RuntimeException e) {
            // A reader bug must not leave the backtest waiting forever for the rest of the file.
            put(new Failed(new IOException("reading failed: " + e, e)));
        }
    }

    private void add(byte[] buffer, int offset, int length, long line) {
        batch.add(line, buffer, offset, length);
        if (batch.lines() >= BATCH_LINES || batch.bytes() >= BATCH_BYTES) {
            flush();
        }
    }

    private void flush() {
        if (batch.lines() > 0) {
            put(new Lines(batch.drain()));
        }
    }

    private void put(Chunk chunk) {
        try {
            chunks.put(chunk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped();
        }
    }

    /** Stops the reader if it is still running. */
    @Override
    public void close() {
        thread.interrupt();
    }

    private static final class Stopped extends RuntimeException {
        Stopped() {
            super("backtest reader stopped", null, false, false);
        }
    }
}
