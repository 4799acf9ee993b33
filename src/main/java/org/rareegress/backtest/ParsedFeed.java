package org.rareegress.backtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.rareegress.order.FileSources;
import org.rareegress.order.SourceMessage;
import org.rareegress.order.SourceProgress;
import org.rareegress.topology.DirectUpstream;
import org.rareegress.topology.Names;

/**
 * One input file read and parsed ahead on threads of its own: {@link FileFeed} splits it into batches of lines,
 * and one or more parsing threads, each with a reading task of its own ({@link DirectUpstream}), parse them,
 * batch {@code i} on thread {@code i mod n}. The results are taken back in file order. With several parsing
 * threads each task has seen only part of the file, so the progress a kept event carries is completed here
 * with what the batches before it showed (progress merges by maximum and minimum, so that is exact).
 *
 * <p>Several parsing threads are used only where no record needs another one read before it: Sysmon network
 * events are joined with process creations read earlier, so a format that may hold them is parsed on one thread.
 */
final class ParsedFeed implements AutoCloseable {
    /** Parsed batches waiting per thread: with the file's own read-ahead, a few MiB of a file at most. */
    private static final int AHEAD = 2;
    private static final long POLL_MILLIS = 100;

    /**
     * What the reading tasks gave for one batch, how far in event time the file has been read, and the bytes
     * of the batch's lines (for progress reports).
     */
    record Parsed(DirectUpstream.Batch batch, long newestRead, long bytes, FileFeed.End end, IOException failure) {
    }

    /** What one parsing thread gave for one batch. */
    private record Result(DirectUpstream.Batch batch, SourceProgress progress, long newestRead, long bytes,
                          FileFeed.Chunk last) {
    }

    private final FileFeed lines;
    private final String name;
    private final int source;
    private final List<Worker> workers = new ArrayList<>();
    private final Thread dispatcher;
    private volatile RuntimeException crash;
    private long taken;
    private SourceProgress progress = SourceProgress.NONE;
    private long newestRead = Long.MIN_VALUE;

    /**
     * @param upstreams a new reading task for each parsing thread, with its own view of the sources
     * @param threads   parsing threads (1 where records must be read in order)
     */
    ParsedFeed(Path file, int maxLineBytes, int source, int threads,
               Supplier<Worker.Task> upstreams) {
        this.name = file.toString();
        this.source = source;
        this.lines = new FileFeed(file, maxLineBytes);
        for (int i = 0; i < threads; i++) {
            workers.add(new Worker(upstreams.get(), "backtest-parse-" + i + "-" + file.getFileName()));
        }
        this.dispatcher = new Thread(this::dispatch, "backtest-dispatch-" + file.getFileName());
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    Path file() {
        return lines.file();
    }

    /** The next parsed batch in file order, its kept events' progress completed; waits for the threads if behind. */
    Parsed take() throws InterruptedException {
        Worker worker = workers.get((int) (taken++ % workers.size()));
        Result result = worker.take();
        List<DirectUpstream.Output> outputs = new ArrayList<>(result.batch().outputs().size());
        for (DirectUpstream.Output output : result.batch().outputs()) {
            if (output.message() instanceof SourceMessage.Kept kept && workers.size() > 1) {
                SourceProgress before = progress.merge(kept.before().active());
                outputs.add(new DirectUpstream.Output(output.key(), null,
                        new SourceMessage.Kept(kept.source(), before, kept.asOf(), kept.candidate()), output.timestamp()));
            } else {
                outputs.add(output);
            }
        }
        progress = progress.merge(result.progress());
        newestRead = Math.max(newestRead, result.newestRead());
        DirectUpstream.Batch batch = new DirectUpstream.Batch(outputs);
        if (result.last() instanceof FileFeed.Failed failed) {
            return new Parsed(batch, newestRead, result.bytes(), null, failed.error());
        }
        return new Parsed(batch, newestRead, result.bytes(), result.last() instanceof FileFeed.End end ? end : null, null);
    }

    /** Hands the file's batches to the parsing threads in turn, and its end to the thread of the next batch. */
    private void dispatch() {
        try {
            long index = 0;
            while (true) {
                FileFeed.Chunk chunk = lines.take();
                workers.get((int) (index++ % workers.size())).give(chunk);
                if (chunk instanceof FileFeed.End || chunk instanceof FileFeed.Failed) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        dispatcher.interrupt();
        lines.close();
        workers.forEach(Worker::close);
    }

    /** A parsing thread: its own reading task, its batches in, its results out, both in order. */
    final class Worker {
        /** A reading task and its view of the sources (how far it has read). */
        record Task(DirectUpstream upstream, FileSources.Reader sources) {
        }

        private final Task task;
        private final BlockingQueue<FileFeed.Chunk> in = new ArrayBlockingQueue<>(AHEAD);
        private final BlockingQueue<Result> out = new ArrayBlockingQueue<>(AHEAD);
        private final Thread thread;
        private long offset;

        Worker(Task task, String threadName) {
            this.task = task;
            this.thread = new Thread(this::parseAll, threadName);
            thread.setDaemon(true);
            thread.start();
        }

        void give(FileFeed.Chunk chunk) throws InterruptedException {
            in.put(chunk);
        }

        Result take() throws InterruptedException {
            while (true) {
                Result next = out.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
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
                    FileFeed.Chunk chunk = in.take();
                    if (chunk instanceof FileFeed.Lines batch) {
                        out.put(result(parse(batch.packed(), null), batch.packed().length, null));
                    } else if (chunk instanceof FileFeed.Unreadable unreadable) {
                        out.put(result(parse(unreadable.packed(), unreadable.reason()), unreadable.packed().length, null));
                    } else {
                        // The file has ended: its reading task says so, and it stops holding the watermark back.
                        RecordHeaders headers = new RecordHeaders();
                        headers.add(Names.SOURCE_FINISHED_HEADER, name.getBytes(StandardCharsets.UTF_8));
                        out.put(result(task.upstream().pipe(offset++, 0L, new byte[0], headers), 0, chunk));
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

        private Result result(DirectUpstream.Batch batch, long bytes, FileFeed.Chunk last) {
            return new Result(batch, task.upstream().progress(source), task.sources().newestRead(), bytes, last);
        }

        private DirectUpstream.Batch parse(byte[] packed, String unreadableReason) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(Names.FILE_BATCH_HEADER, name.getBytes(StandardCharsets.UTF_8));
            if (unreadableReason != null) {
                headers.add(Names.SOURCE_ERROR_HEADER, unreadableReason.getBytes(StandardCharsets.UTF_8));
            }
            return task.upstream().pipe(offset++, 0L, packed, headers);
        }

        void close() {
            thread.interrupt();
            task.upstream().close();
        }
    }
}
