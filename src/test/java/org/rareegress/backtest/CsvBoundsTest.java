package org.rareegress.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rareegress.output.OutputSchemas;
import org.rareegress.output.OutputSchemas.Kind;

/**
 * A Sentinel CSV export is bounded like every other input: a row over input.max-record-bytes costs that
 * row (a dead letter with its file:line, its size in the reason, its first bytes), never the heap and never
 * the rows after it. The giant rows are written gzipped: 50 MB of commas is 50 KB on disk.
 */
class CsvBoundsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEADER = "Timestamp,DeviceId,DeviceName,ActionType,Protocol,RemoteIPType,RemoteIP,RemotePort,"
            + "RemoteUrl,InitiatingProcessFileName,InitiatingProcessCommandLine\n";
    private static final String GOOD = "2024-05-01T10:00:00Z,d1,ws1,ConnectionSuccess,Tcp,Public,185.100.87.2,4444,,"
            + "rat.exe,rat.exe -c\n";
    private static final String[] WARM = {"detector.warmup=PT0S"};
    /** A dead letter is never larger than this (DeadLetterJson), whatever it was made of. */
    private static final int MAX_DEAD_LETTER_BYTES = 512 * 1024;

    @TempDir
    Path dir;

    @Test
    void readsTheGoodRowAfterAFiftyMegabyteRowOfCommasAndDeadLettersTheGiantWithItsLine() throws IOException {
        Path csv = giantRowBetween("commas.csv.gz", ",", 50_000_000, "");

        OtrfRun run = OtrfRun.of(List.of(csv), WARM);

        assertThat(run.alertsOf("rat.exe")).singleElement()
                .satisfies(alert -> assertThat(alert.at("/Source/Line").asLong()).isEqualTo(3));
        assertThat(run.deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.get("Reason").asText())
                    .isEqualTo("CSV row is 50000000 bytes, over input.max-record-bytes (1048576)");
            assertThat(letter.at("/Source/File").asText()).isEqualTo(csv.toString());
            assertThat(letter.at("/Source/Line").asLong()).isEqualTo(2);
            assertThat(letter.get("RawBytes").asLong()).isEqualTo(1_048_576);
            assertThat(JSON.writeValueAsBytes(letter).length).isLessThanOrEqualTo(MAX_DEAD_LETTER_BYTES);
        });
        assertThat(run.warnings()).isEmpty();
    }

    @Test
    void readsTheGoodRowAfterACellOfTwentyOneMillionCharacters() throws IOException {
        // One cell over Jackson's 20 M character limit used to end the file: "unreadable CSV from here on".
        String start = "2024-05-01T10:00:00Z,d2,ws2,ConnectionSuccess,Tcp,Public,185.100.87.2,4444,,big.exe,\"";
        Path csv = giantRowBetween("cell.csv.gz", "x\ny,", 5_250_000, start, "\"\n");

        OtrfRun run = OtrfRun.of(List.of(csv), WARM);

        assertThat(run.alertsOf("rat.exe")).singleElement()
                .satisfies(alert -> assertThat(alert.at("/Source/Line").asLong()).isEqualTo(2 + 5_250_000 + 1));
        assertThat(run.alertsOf("big.exe")).isEmpty();
        assertThat(run.deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.get("Reason").asText()).startsWith("CSV row is 21000").endsWith(
                    " bytes, over input.max-record-bytes (1048576); lines 2 to " + (2 + 5_250_000));
            assertThat(letter.at("/Source/Line").asLong()).isEqualTo(2);
        });
        assertThat(run.warnings()).isEmpty();
    }

    @Test
    void boundsRowsByTheConfiguredRecordSize() throws IOException {
        Path csv = giantRowBetween("small.csv.gz", "y", 2_000, "2024-05-01T10:00:00Z,d3,ws3,ConnectionSuccess,Tcp,"
                + "Public,185.100.87.2,4444,,long.exe,", "\n");

        OtrfRun run = OtrfRun.of(List.of(csv), "detector.warmup=PT0S", "input.max-record-bytes=1024");

        assertThat(run.deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.get("Reason").asText()).startsWith("CSV row is 2").endsWith(" bytes, over input.max-record-bytes (1024)");
            assertThat(letter.get("RawBytes").asLong()).isEqualTo(1024);
        });
        assertThat(run.alertsOf("rat.exe")).hasSize(1);
    }

    /**
     * The same file through the real command in a JVM of 96 MB: reading a row costs at most
     * input.max-record-bytes, so it completes and writes the good row's alert. (Before, the 50 M cells of
     * the row became a list of strings that took more than a gigabyte.)
     */
    @Test
    void backtestsAFiftyMegabyteRowInASmallHeap() throws IOException, InterruptedException {
        Path csv = giantRowBetween("commas.csv.gz", ",", 50_000_000, "");
        Path alerts = dir.resolve("alerts.jsonl");
        Path deadLetters = dir.resolve("dead-letters.jsonl");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process backtest = new ProcessBuilder(java.toString(), "-Xmx96m", "-XX:+ExitOnOutOfMemoryError", "-cp", classPath,
                "org.rareegress.Main", "backtest", "--input", csv.toString(), "--alerts", alerts.toString(),
                "--dead-letters", deadLetters.toString(), "--set", "detector.warmup=PT0S")
                .redirectErrorStream(true).redirectOutput(dir.resolve("output.txt").toFile()).start();

        assertThat(backtest.waitFor(120, TimeUnit.SECONDS)).as("finished within two minutes").isTrue();

        assertThat(backtest.exitValue()).as(Files.readString(dir.resolve("output.txt"))).isZero();
        assertThat(Files.readAllLines(alerts)).singleElement().asString().contains("\"rat.exe\"");
        OutputSchemas.assertValidLines(Kind.ALERT, alerts);
        OutputSchemas.assertValidLines(Kind.DEAD_LETTER, deadLetters);
        List<String> letters = Files.readAllLines(deadLetters);
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(MAX_DEAD_LETTER_BYTES);
            JsonNode json = JSON.readTree(letter);
            assertThat(json.at("/Source/Line").asLong()).isEqualTo(2);
        });
    }

    /** The header, a row of {@code start} + {@code piece} × {@code times} + {@code end}, then the good row. */
    private Path giantRowBetween(String name, String piece, int times, String start, String... end) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16);
             Writer writer = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            writer.write(HEADER);
            writer.write(start);
            String block = piece.repeat(10_000);
            for (int i = 0; i < times / 10_000; i++) {
                writer.write(block);
            }
            writer.write(piece.repeat(times % 10_000));
            writer.write(end.length == 0 ? "\n" : String.join("", end));
            writer.write(GOOD);
        }
        return file;
    }
}
