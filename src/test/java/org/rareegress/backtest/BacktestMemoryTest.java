package org.rareegress.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backtest} in its own JVM, as a user runs it: its memory does not grow with the number of kept events.
 * It runs the topology's processors directly ({@code DirectPipeline}): nothing keeps the records they produce,
 * the repartition's included (the test driver it ran on before kept every one, ~320 bytes a kept event), and
 * its stores are maps in memory, so it has no state directory and writes nothing to {@code java.io.tmpdir}.
 */
class BacktestMemoryTest {
    private static final String HEADER = "Timestamp,DeviceId,DeviceName,ActionType,Protocol,RemoteIPType,RemoteIP,"
            + "RemotePort,RemoteUrl,InitiatingProcessFileName\n";
    private static final long T0 = Instant.parse("2024-05-01T00:00:00Z").getEpochSecond();
    /** Kept events of 61 processes on 97 devices, one a second (23 days, inside the 30-day window)... */
    private static final int KEPT = 2_000_000;
    private static final int PROCESSES = 61;
    private static final int DEVICES = 97;

    @TempDir
    static Path shared;
    private static Path input;

    @TempDir
    Path dir;

    @BeforeAll
    static void writeTheInput() throws IOException {
        input = shared.resolve("two-million-kept.csv.gz");
        try (OutputStream file = Files.newOutputStream(input);
             OutputStream gzip = new GZIPOutputStream(file, 1 << 16) {
                 {
                     def.setLevel(Deflater.BEST_SPEED);
                 }
             };
             Writer out = new BufferedWriter(new OutputStreamWriter(gzip, StandardCharsets.UTF_8), 1 << 16)) {
            out.write(HEADER);
            for (int i = 0; i < KEPT; i++) {
                out.write(Instant.ofEpochSecond(T0 + i) + ",d" + i % DEVICES + ",ws,ConnectionSuccess,Tcp,Public,"
                        + "185.100.87.2,4444,,p" + i % PROCESSES + ".exe\n");
            }
            // ...and one rare process at the end.
            out.write(Instant.ofEpochSecond(T0 + KEPT) + ",d1,ws,ConnectionSuccess,Tcp,Public,185.100.87.2,4444,,rat.exe\n");
        }
    }

    /**
     * Every process reaches four devices on its fourth event (61 and 97 are coprime): NEW_RARE, UPDATED twice,
     * NO_LONGER_RARE; rat.exe is rare at the end. On the test driver, whose captured records were not read as
     * they came, each kept event held about 320 bytes until the end: 2 million would need 640 MB.
     */
    @Test
    void backtestsTwoMillionKeptEventsInA128MegabyteHeap() throws Exception {
        Process backtest = start(List.of("-Xmx128m"), "--report", dir.resolve("report.jsonl").toString());

        assertThat(backtest.waitFor(5, TimeUnit.MINUTES)).as("finished").isTrue();

        String output = Files.readString(dir.resolve("output.txt"));
        assertThat(backtest.exitValue()).as(output).isZero();
        assertThat(output).contains("2,000,001 records, 2,000,001 events")
                .contains("kept 2,000,001   rejected 0   late 0")
                .contains("alerts: NEW_RARE 62, UPDATED 122, NO_LONGER_RARE 61")
                .contains("hunt table: 1 rare process(es)");
        assertThat(Files.readAllLines(dir.resolve("alerts.jsonl"))).hasSize(62 + 122 + 61);
        assertThat(Files.readString(dir.resolve("report.jsonl"))).contains("\"rat.exe\"");
        assertThat(temporaryFilesLeft()).as("nothing written to java.io.tmpdir").isEmpty();
    }

    /** {@code backtest} over {@link #input} (or what {@code arguments} say), with a temporary directory of its own. */
    private Process start(List<String> jvmOptions, String... arguments) throws IOException {
        Files.createDirectories(dir.resolve("tmp"));
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=" + dir.resolve("tmp"), "-cp", classPath,
                "org.rareegress.Main", "backtest", "--alerts", dir.resolve("alerts.jsonl").toString(),
                "--set", "detector.warmup=PT0S"));
        List<String> rest = List.of(arguments);
        if (!rest.contains("--input")) {
            command.addAll(List.of("--input", input.toString()));
        }
        command.addAll(rest);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("output.txt").toFile())
                .start();
    }

    /** What the backtest left in its temporary directory. */
    private List<Path> temporaryFilesLeft() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("tmp"))) {
            return files.toList();
        }
    }
}
