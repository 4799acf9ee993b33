package org.rareegress.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rareegress.output.OutputSchemas;
import org.rareegress.output.OutputSchemas.Kind;
import picocli.CommandLine;

/**
 * {@code backtest} exits 4 when input was lost (part of a file could not be read at all), and 0 when every
 * file was read to its end, however much of it was rejected: rejected input is in the dead letters.
 */
class BacktestExitStatusTest {
    private static final String HEADER = "Timestamp,DeviceId,DeviceName,ActionType,Protocol,RemoteIPType,RemoteIP,"
            + "RemotePort,RemoteUrl,InitiatingProcessFileName\n";
    private static final String ROW = "2024-05-01T10:00:00Z,d1,ws1,ConnectionSuccess,Tcp,Public,185.100.87.2,4444,,rat.exe\n";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void captureStandardError() {
        originalErr = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStandardError() {
        System.setErr(originalErr);
    }

    @Test
    void exitsZeroWhenEveryFileWasReadToItsEndWhateverWasRejected() throws IOException {
        Path csv = Files.writeString(dir.resolve("bad-rows.csv"),
                HEADER + ROW + "a,b,c\n" + ROW.replace("d1", "d1".repeat(600)) + ",".repeat(2_000_000) + "\n" + ROW);

        int status = backtest(csv);

        assertThat(status).isZero();
        assertThat(Files.readAllLines(dir.resolve("dead-letters.jsonl"))).hasSize(3);
        assertThat(text()).doesNotContain("input was lost");
    }

    @Test
    void exitsFourAndSaysWhyWhenACsvQuoteIsNeverClosed() throws IOException {
        Path csv = Files.writeString(dir.resolve("stray-quote.csv"), HEADER + ROW + "\"" + ROW + ROW.replace("d1", "d2"));

        int status = backtest(csv);

        assertThat(status).isEqualTo(BacktestCommand.INPUT_LOST).isEqualTo(4);
        assertThat(Files.readAllLines(dir.resolve("alerts.jsonl"))).as("the rows before it").hasSize(1);
        assertThat(Files.readString(dir.resolve("dead-letters.jsonl"))).contains(
                "unreadable CSV from here on: a quote in the row that starts here is never closed; lines 3 to 4");
        assertThat(text()).contains("warning: " + csv + ": the rest of the file from the row its dead letter names"
                        + " could not be read as rows")
                .contains("backtest: input was lost in 1 file(s), see the warnings above; exit status 4");
    }

    @Test
    void exitsFourWhenAGzipStreamIsCutShort() throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            lines.append("{\"Timestamp\":\"2024-05-01T10:00:00Z\",\"DeviceId\":\"d").append(i)
                    .append("\",\"ActionType\":\"ConnectionSuccess\",\"RemoteIP\":\"8.8.8.8\",\"Padding\":\"")
                    .append(Integer.toHexString(i * 7919).repeat(20)).append("\"}\n");
        }
        byte[] gzip = gzip(lines.toString());
        Path cut = Files.write(dir.resolve("cut.json.gz"), Arrays.copyOf(gzip, gzip.length / 2));

        int status = backtest(cut);

        assertThat(status).isEqualTo(4);
        assertThat(text()).contains("the gzip stream ends early").contains("exit status 4");
    }

    @Test
    void theSummarySaysWhatTheBoundsOfATaskEvictedAndSuppressed() throws IOException {
        Path csv = Files.writeString(dir.resolve("three.csv"), HEADER + ROW + ROW.replace("rat.exe", "cat.exe")
                .replace("10:00:00", "10:00:01") + ROW.replace("rat.exe", "bat.exe").replace("10:00:00", "10:00:02"));

        int status = backtest(csv, "detector.max-tracked-processes=2", "alert.storm-threshold=1");

        assertThat(status).isZero();
        assertThat(text()).contains("  bounds: 1 process(es) evicted (detector.max-tracked-processes), 2 NEW_RARE"
                + " suppressed (alert.storm-threshold)");
    }

    /** The command over {@code input} with {@code settings} set; what it wrote is checked against the schemas. */
    private int backtest(Path input, String... settings) {
        List<String> arguments = new ArrayList<>(List.of("--input", input.toString(),
                "--alerts", dir.resolve("alerts.jsonl").toString(),
                "--dead-letters", dir.resolve("dead-letters.jsonl").toString(), "--set", "detector.warmup=PT0S"));
        for (String setting : settings) {
            arguments.addAll(List.of("--set", setting));
        }
        int status = new CommandLine(new BacktestCommand()).execute(arguments.toArray(String[]::new));
        if (Files.exists(dir.resolve("alerts.jsonl"))) {
            OutputSchemas.assertValidLines(Kind.ALERT, dir.resolve("alerts.jsonl"));
            OutputSchemas.assertValidLines(Kind.DEAD_LETTER, dir.resolve("dead-letters.jsonl"));
        }
        return status;
    }

    private String text() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
