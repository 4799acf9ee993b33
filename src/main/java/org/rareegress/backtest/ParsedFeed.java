package org.rareegress.backtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.rareegress.order.FileSources;
import org.rareegress.topology.DirectUpstream;
import org.rareegress.topology.Names;

/**
 * One input file read and parsed ahead on threads of its own: {@link FileFeed} splits it into batches of lines,
 * and this feed's thread runs them through the file's own {@link DirectUpstream} (the reading task of this
 * source, as one task reads one partition in a live run), handing the results on in file order. The backtest
 * takes them in an order that depends only on what they contain, so the result never depends on the threads.
 */
final class ParsedFeed implements AutoCloseable {
    /** Parsed batches waiting: with the file's own read-ahead, a few MiB of a file at most. */
    private static final int AHEAD = 4;

    /** What the reading task gave for one batch, and how far in event time the file has been read. */
    record Parsed(DirectUpstream.Batch batch, long newestRead, FileFeed.End end, IOException failure) {
    }

    private final FileFeed lines;
    private final DirectUpstream upstream;
    private final FileSources.Reader sources;
    private final String name;
    private final BlockingQueue<Parsed> parsed = new ArrayBlockingQueue<>(AHEAD);
    private final Thread thread;
    private volatile RuntimeException crash;
    private long offset;

    ParsedFeed(Path file, int maxLineBytes, DirectUpstream upstream, FileSources.Reader sources) {
        this.name = file.toString();
        this.upstream = upstream;
        this.sources = sources;
        this.lines = new FileFeed(file, maxLineBytes);
        this.thread = new Thread(this::parseAll, "backtest-parse-" + file.getFileName());
        thread.setDaemon(true);
        thread.start();
    }

    Path file() {
        return lines.file();
    }

    /** The next parsed batch, waiting for the threads if they are behind. */
    Parsed take() throws InterruptedException {
        while (true) {
            Parsed next = parsed.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (next != null) {
                return next;
            }
            if (crash != null) {
                throw crash;
            }
        }
    }

    private void parseAll() {
        try {
            while (true) {
                FileFeed.Chunk chunk = lines.take();
                if (chunk instanceof FileFeed.Lines batch) {
                    parsed.put(parse(batch.packed(), null));
                } else if (chunk instanceof FileFeed.Unreadable unreadable) {
                    parsed.put(parse(unreadable.packed(), unreadable.reason()));
                } else {
                    // The file has ended: its reading task says so, and it stops holding the watermark back.
                    RecordHeaders headers = new RecordHeaders();
                    headers.add(Names.SOURCE_FINISHED_HEADER, name.getBytes(StandardCharsets.UTF_8));
                    DirectUpstream.Batch batch = upstream.pipe(offset++, 0L, new byte[0], headers);
                    if (chunk instanceof FileFeed.Failed failed) {
                        parsed.put(new Parsed(batch, sources.newestRead(), null, failed.error()));
                    } else {
                        parsed.put(new Parsed(batch, sources.newestRead(), (FileFeed.End) chunk, null));
                    }
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A Kafka failure in a processor stops the backtest, as it would stop the task.
            crash = e;
        }
    }

    private Parsed parse(byte[] packed, String unreadableReason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Names.FILE_BATCH_HEADER, name.getBytes(StandardCharsets.UTF_8));
        if (unreadableReason != null) {
            headers.add(Names.SOURCE_ERROR_HEADER, unreadableReason.getBytes(StandardCharsets.UTF_8));
        }
        return new Parsed(upstream.pipe(offset++, 0L, packed, headers), sources.newestRead(), null, null);
    }

    @Override
    public void close() {
        thread.interrupt();
        lines.close();
        upstream.close();
    }
}
