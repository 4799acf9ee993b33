package org.rareegress.backtest;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.rareegress.event.Timestamps;

/**
 * Progress of long work ({@code backtest}, {@code replay}) on standard error: events and bytes done, their
 * rate, the event time reached and, when the total is known, how much is done and an ETA. On a terminal it
 * is one line rewritten in place every second; otherwise (a log, a pipe) a line every few seconds, so a
 * month-long run shows it is alive without flooding its log. Standard output is never touched.
 */
public final class ProgressLine implements AutoCloseable {
    static final Duration TERMINAL_EVERY = Duration.ofSeconds(1);
    static final Duration LOG_EVERY = Duration.ofSeconds(5);

    /**
     * Where the work stands.
     *
     * @param events     events read so far
     * @param bytes      input bytes read so far, or -1 when not known
     * @param done       work done in the unit of {@code total} (bytes, records)
     * @param total      the whole work in that unit, or -1 when not known (no ETA then)
     * @param unit       what {@code done} and {@code total} count, for the line
     * @param eventTime  the newest event time read (ns since the epoch), or Long.MIN_VALUE before any
     */
    public record Reading(long events, long bytes, long done, long total, String unit, long eventTime) {
    }

    private final String label;
    private final Supplier<Reading> source;
    private final PrintStream out;
    private final boolean terminal;
    private final LongSupplier nanoTime;
    private final long startedAt;
    private final ScheduledExecutorService timer;
    private long lastEvents;
    private long lastAt;
    private int lastLength;

    ProgressLine(String label, Supplier<Reading> source, PrintStream out, boolean terminal, LongSupplier nanoTime,
                 boolean scheduled) {
        this.label = label;
        this.source = source;
        this.out = out;
        this.terminal = terminal;
        this.nanoTime = nanoTime;
        this.startedAt = nanoTime.getAsLong();
        this.lastAt = startedAt;
        if (scheduled) {
            this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "rare-egress-progress");
                thread.setDaemon(true);
                return thread;
            });
            long every = (terminal ? TERMINAL_EVERY : LOG_EVERY).toMillis();
            timer.scheduleAtFixedRate(this::tick, every, every, TimeUnit.MILLISECONDS);
        } else {
            this.timer = null;
        }
    }

    /**
     * Reports on standard error until closed; on a terminal ({@code System.console()} present) as one line
     * rewritten in place, otherwise a line every few seconds. Null when {@code quiet}; {@link #stop} takes either.
     */
    public static ProgressLine start(String label, Supplier<Reading> source, boolean quiet) {
        if (quiet) {
            return null;
        }
        return new ProgressLine(label, source, System.err, System.console() != null, System::nanoTime, true);
    }

    /** Closes a reporter that {@link #start} returned, null (quiet) included. */
    public static void stop(ProgressLine progress) {
        if (progress != null) {
            progress.close();
        }
    }

    /** Writes the current state: in place on a terminal, as a new line otherwise. */
    synchronized void tick() {
        String line = line(source.get(), nanoTime.getAsLong());
        if (terminal) {
            // \r and spaces over the rest of a longer previous line: no terminal control codes needed.
            out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
            lastLength = line.length();
        } else {
            out.println(line);
        }
        out.flush();
    }

    String line(Reading reading, long now) {
        double elapsed = Math.max(1e-9, (now - startedAt) / 1e9);
        double sinceLast = Math.max(1e-9, (now - lastAt) / 1e9);
        double recentRate = (reading.events() - lastEvents) / sinceLast;
        lastEvents = reading.events();
        lastAt = now;
        StringBuilder line = new StringBuilder(label).append(": ")
                .append(String.format(Locale.ROOT, "%,d events", reading.events()));
        if (reading.bytes() >= 0) {
            line.append(", ").append(bytes(reading.bytes()));
        }
        line.append(String.format(Locale.ROOT, ", %,.0f events/s", recentRate));
        if (reading.bytes() >= 0) {
            line.append(", ").append(bytes((long) (reading.bytes() / elapsed))).append("/s");
        }
        if (reading.eventTime() != Long.MIN_VALUE && reading.eventTime() != Long.MAX_VALUE) {
            line.append(", event time ").append(Timestamps.format(reading.eventTime()), 0, 16).append('Z');
        }
        if (reading.total() > 0) {
            double fraction = Math.min(1, (double) reading.done() / reading.total());
            line.append(String.format(Locale.ROOT, ", %.1f%% of %s", fraction * 100, amount(reading.total(), reading.unit())));
            double rate = reading.done() / elapsed;
            if (rate > 0 && fraction < 1) {
                line.append(", ETA ").append(duration((long) ((reading.total() - reading.done()) / rate)));
            }
        }
        line.append(", ").append(duration((long) elapsed)).append(" elapsed");
        return line.toString();
    }

    private static String amount(long total, String unit) {
        return "bytes".equals(unit) ? bytes(total) : String.format(Locale.ROOT, "%,d %s", total, unit);
    }

    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds % 3600 / 60);
    }

    /** Stops reporting; on a terminal the last state stays on its line, and what follows starts below it. */
    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (terminal) {
            tick();
            out.println();
            out.flush();
        }
    }
}
