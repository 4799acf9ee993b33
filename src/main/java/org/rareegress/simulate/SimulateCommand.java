package org.rareegress.simulate;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.rareegress.config.ConfigOptions;
import org.rareegress.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code simulate}: a synthetic fleet's DeviceNetworkEvents to a file or the input topic. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Generates a synthetic Windows fleet's Defender DeviceNetworkEvents with planted rare tools,",
            "as JSON rows or Streaming-API envelopes, to a file and/or topic.input. Deterministic from --seed."})
public final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Option(names = "--devices", paramLabel = "N", defaultValue = "50", description = "Fleet size (default ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--days", paramLabel = "D", defaultValue = "35", description = "Days of history (default ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--events-per-device-per-day", paramLabel = "E", defaultValue = "200",
            description = "Background events per device per day (default ${DEFAULT-VALUE}); planted tools come on top.")
    int eventsPerDevicePerDay;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Same seed and options, same bytes (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--end", paramLabel = "ISO_INSTANT", description = "End of the history (default: now, truncated to the minute).")
    String end;

    @Option(names = "--output", paramLabel = "FILE", description = "Write JSON lines here ('-' for standard output; gzip if --gzip or FILE ends in .gz).")
    String output;

    @Option(names = "--gzip", description = "Gzip the --output file.")
    boolean gzip;

    @Option(names = "--topic", description = "Produce to topic.input with the kafka.* settings, keyed by DeviceId.")
    boolean topic;

    @Option(names = "--envelopes", paramLabel = "K", description = "Wrap rows into Streaming-API envelopes of K records each.")
    Integer envelopes;

    @Option(names = "--disorder", paramLabel = "DURATION", defaultValue = "PT0S",
            description = "Shuffle events locally, none delivered after one this much newer (e.g. PT5M; default none).")
    String disorder;

    @Option(names = "--rate", paramLabel = "EPS", defaultValue = "0", description = "Cap on events per second (0 = unlimited).")
    double rate;

    @Option(names = "--live", description = "After the history, keep producing events stamped with the current time at --rate "
            + "(0: the fleet's own rate) until interrupted.")
    boolean live;

    @Option(names = "--truth", paramLabel = "FILE", description = "Write the planted tools as JSON lines.")
    Path truth;

    @Option(names = "--columns", paramLabel = "SET", defaultValue = "full",
            description = "full: every Advanced Hunting column (~1.9 KB a row); hunt: the columns the hunt reads plus "
                    + "LocalIP, LocalPort, InitiatingProcessId, InitiatingProcessAccountName, ReportId (~700 bytes).")
    String columns;

    @Option(names = "--dimension-cases", description = "Also plant the cases of the refined dimensions on every device: "
            + "a reverse shell (process-port), a masquerading binary (process-hash), a port-diverse program and a "
            + "version roll-out (both silent). Without it the output is what it always was.")
    boolean dimensionCases;

    @Override
    public Integer call() throws IOException {
        if (output == null && !topic) {
            throw new ParameterException(spec.commandLine(), "give --output FILE, --topic, or both");
        }
        if (envelopes != null && envelopes < 1) {
            throw new ParameterException(spec.commandLine(), "--envelopes: an envelope holds at least 1 record");
        }
        if (rate < 0 || Double.isNaN(rate)) {
            throw new ParameterException(spec.commandLine(), "--rate: must be 0 (unlimited) or more");
        }
        Columns columnSet;
        try {
            columnSet = Columns.parse(columns);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--columns: " + e.getMessage());
        }
        Settings settings = config.load();
        FleetSpec fleet;
        try {
            fleet = new FleetSpec(devices, days, eventsPerDevicePerDay, seed, parseEnd(), parseDisorder(), dimensionCases);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        long started = System.nanoTime();
        FleetSimulator simulator = new FleetSimulator(fleet);
        if (truth != null) {
            TruthFile.write(simulator.truth(), truth);
        }
        AtomicBoolean stopping = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            // Ctrl-C ends --live: let the loop finish its batch and flush before the JVM goes. An
            // interrupted history is simply cut short.
            stopping.set(true);
            if (live) {
                awaitQuietly(done);
            }
        }, "simulate-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (Outputs outputs = Outputs.open(output, gzip, topic ? settings : null)) {
            EnvelopeSink wrapper = envelopes == null ? null : new EnvelopeSink(outputs, envelopes, simulator.tenantId());
            EventSink rows = columnSet.project(wrapper == null ? outputs : wrapper);
            FleetSimulator.Result history = simulator.generate(rate > 0 ? new PacedSink(rows, rate) : rows);
            FleetSimulator.Result after = null;
            if (live) {
                double liveRate = rate > 0 ? rate : simulator.naturalRate();
                after = simulator.live(rows, liveRate, Clock.systemUTC(), stopping::get);
            }
            if (wrapper != null) {
                wrapper.finish();
            }
            outputs.flush();
            new Summary(fleet, history, after, simulator.truth().size(), outputs.describe(), outputs.bytes(),
                    wrapper == null ? 0 : wrapper.envelopes(), System.nanoTime() - started).print(summaryStream());
        } finally {
            done.countDown();
            if (!stopping.get()) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
        return 0;
    }

    private Instant parseEnd() {
        if (end == null) {
            return Instant.now().truncatedTo(ChronoUnit.MINUTES);
        }
        try {
            return Instant.parse(end);
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), "--end: '" + end + "' is not an ISO-8601 instant such as 2024-06-01T00:00:00Z");
        }
    }

    private Duration parseDisorder() {
        try {
            return Duration.parse(disorder);
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), "--disorder: '" + disorder + "' is not an ISO-8601 duration such as PT5M");
        }
    }

    private static PrintStream summaryStream() {
        return System.err;
    }

    private static void awaitQuietly(CountDownLatch done) {
        try {
            done.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
