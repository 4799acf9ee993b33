package org.rareegress.backtest;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import org.rareegress.allow.Allowlist;
import org.rareegress.allow.BadRuleException;
import org.rareegress.allow.RuleFile;
import org.rareegress.codec.OutputJson;
import org.rareegress.config.ConfigOptions;
import org.rareegress.config.Settings;
import org.rareegress.detect.HuntRow;
import org.rareegress.enrich.Enricher;
import org.rareegress.enrich.Enrichers;
import org.rareegress.event.Timestamps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code backtest}: the detector's topology over files, no broker. */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = {"Runs the detector over files, plain or .gz: JSON lines (MDE rows, Streaming-API envelopes,",
                "Sentinel rows, Sysmon events from nxlog/winlogbeat, ECS events) or Sentinel/Log Analytics CSV exports,",
                "with the same topology as `run`, and writes its alerts and the final hunt table."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every input file was read to its end (rejected input is in the dead letters, counted)",
                "1:the backtest failed (an error, such as a file that could not be read, with its message)",
                "2:a bad option or configuration value",
                "3:out of memory, when java runs with -XX:+ExitOnOutOfMemoryError (the container image does)",
                "4:input was lost: part of a file could not be read (a gzip stream cut short, a CSV quote never"
                        + " closed); the outputs hold everything before it"})
public final class BacktestCommand implements Callable<Integer> {
    /**
     * Exit status when part of an input could not be read at all. Rejected records are not lost: each is a
     * dead letter with its reason and file:line, and counted. A file whose end cannot be reached is: nobody
     * can tell what its unread part held, so a script must not take the outputs as complete. Not 3: the JVM
     * exits 3 on OutOfMemoryError with -XX:+ExitOnOutOfMemoryError, as the container image runs it.
     */
    static final int INPUT_LOST = 4;

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Option(names = "--input", paramLabel = "FILE", arity = "1..*", required = true,
            description = "Input files; each is one source of event-time order, read on threads of its own; up to 8 are"
                    + " open at once and merged by event time (give files of consecutive periods in time order).")
    List<Path> inputs;

    @Option(names = "--alerts", paramLabel = "FILE", description = "Write alerts as JSON lines ('-' for standard output).")
    String alertsFile;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Write the hunt table at the newest event time (or --as-of) as JSON lines ('-' for standard output).")
    String reportFile;

    @Option(names = "--as-of", paramLabel = "TIME",
            description = "Replay history as known at this ISO-8601 instant: later events are skipped, the report is at TIME.")
    String asOf;

    @Option(names = "--dead-letters", paramLabel = "FILE", description = "Write rejected input with reasons as JSON lines.")
    String deadLettersFile;

    @Option(names = "--allowlist", paramLabel = "FILE",
            description = "Allowlist rules, one JSON rule a line (as `allow add` takes them): alerts they match are counted"
                    + " per rule and not written, report rows are marked AllowlistedBy. Expiry by event time.")
    Path allowlistFile;

    @Option(names = "--quiet", description = "No progress on standard error while the files are read (the summary stays).")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        Settings settings = config.load();
        long asOfNanos = parseAsOf();
        Allowlist allowlist = readAllowlist();
        for (Path input : inputs) {
            if (!Files.isReadable(input)) {
                throw new ParameterException(spec.commandLine(), "--input: cannot read " + input);
            }
        }
        long started = System.nanoTime();
        BacktestResult result;
        try (Enricher enricher = Enrichers.create(settings.geoip());
             JsonLinesOutput alerts = alertsFile == null ? null : JsonLinesOutput.open(alertsFile);
             JsonLinesOutput deadLetters = deadLettersFile == null ? null : JsonLinesOutput.open(deadLettersFile)) {
            Backtest.Outputs outputs = new Backtest.Outputs() {
                @Override
                public void alert(byte[] json) {
                    if (alerts != null) {
                        alerts.line(json);
                    }
                }

                @Override
                public void deadLetter(byte[] json) {
                    if (deadLetters != null) {
                        deadLetters.line(json);
                    }
                }
            };
            try (Backtest backtest = new Backtest(settings, enricher, Clock.systemUTC(), asOfNanos, allowlist,
                    outputs)) {
                long total = plainSize(inputs);
                ProgressLine progress = ProgressLine.start("backtest", () -> new ProgressLine.Reading(
                        backtest.metrics().eventsRead(), backtest.bytesRead(), backtest.bytesRead(), total, "bytes",
                        backtest.metrics().newestEventTime()), quiet);
                try {
                    backtest.feed(inputs);
                    backtest.finish();
                } finally {
                    ProgressLine.stop(progress);
                }
                if (alerts != null) {
                    alerts.flush();
                }
                long reportTime = asOfNanos != Long.MAX_VALUE ? asOfNanos : backtest.metrics().newestEventTime();
                List<HuntRow> table = reportTime == Long.MIN_VALUE ? List.of() : backtest.table(reportTime);
                if (reportFile != null) {
                    try (JsonLinesOutput report = JsonLinesOutput.open(reportFile)) {
                        table.forEach(row -> report.line(OutputJson.toBytes(row)));
                    }
                }
                result = new BacktestResult(inputs.size(), backtest.metrics(), table.size(), reportTime,
                        System.nanoTime() - started, backtest.warnings());
            }
        }
        result.print(summaryStream());
        if (!result.warnings().isEmpty()) {
            // Today every warning is a file not read to its end (Backtest#warnings).
            summaryStream().printf("backtest: input was lost in %d file(s), see the warnings above; exit status %d%n",
                    result.warnings().size(), INPUT_LOST);
            return INPUT_LOST;
        }
        return 0;
    }

    private Allowlist readAllowlist() {
        if (allowlistFile == null) {
            return Allowlist.empty();
        }
        try {
            return RuleFile.read(allowlistFile);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "--allowlist: cannot read " + allowlistFile + ": " + e.getMessage());
        } catch (BadRuleException e) {
            throw new ParameterException(spec.commandLine(), "--allowlist: " + e.getMessage());
        }
    }

    /**
     * The bytes of lines the inputs hold, when that is their size: every one a plain JSON-lines file. A gzip
     * file's size says nothing of its lines, nor a CSV file's of the JSON it becomes: then -1, and no ETA.
     */
    static long plainSize(List<Path> inputs) throws IOException {
        long total = 0;
        for (Path input : inputs) {
            if (!Files.isRegularFile(input) || CsvInput.isCsv(input) || gzip(input)) {
                return -1;
            }
            total += Files.size(input);
        }
        return total;
    }

    private static boolean gzip(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    private PrintStream summaryStream() {
        return System.err;
    }

    private long parseAsOf() {
        if (asOf == null) {
            return Long.MAX_VALUE;
        }
        try {
            return Timestamps.toNanos(Instant.parse(asOf));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--as-of: '" + asOf + "' is not an ISO-8601 instant such as 2024-05-01T00:00:00Z");
        }
    }
}
