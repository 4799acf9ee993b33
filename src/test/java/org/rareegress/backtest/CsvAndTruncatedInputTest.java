package org.rareegress.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sentinel / Log Analytics CSV exports, and gzip files cut short, through the real backtest. */
class CsvAndTruncatedInputTest {
    private static final String HEADER = "\uFEFFTimeGenerated [UTC],Timestamp [UTC],DeviceId,DeviceName,ActionType,Protocol,"
            + "RemoteIPType,RemoteIP,RemotePort,RemoteUrl,InitiatingProcessFileName,InitiatingProcessMD5,"
            + "InitiatingProcessCommandLine,Type\n";
    private static final String ROW = "\"5/1/2024, 10:00:05.000 AM\",\"5/1/2024, 10:00:00.123 AM\",d1,ws1,ConnectionSuccess,Tcp,"
            + "Public,185.100.87.2,4444,,rat.exe,0cc175b9c0f1b6a831c399e269772661,\"rat.exe -c \"\"x\"\"\nsecond line\",DeviceNetworkEvents\n";
    private static final String[] WARM = {"detector.warmup=PT0S"};

    @TempDir
    Path dir;

    @Test
    void alertsOnAPortalCsvExportWithItsDateFormatAndUtcColumnNames() throws IOException {
        Path csv = write("export.csv", HEADER + ROW);

        OtrfRun run = OtrfRun.of(List.of(csv), WARM);

        JsonNode alert = run.alertsOf("rat.exe").get(0);
        assertThat(alert.get("FirstSeen").asText()).isEqualTo("2024-05-01T10:00:00.123Z");
        assertThat(alert.get("SampleProcess").asText()).isEqualTo("rat.exe -c \"x\"\nsecond line");
        assertThat(alert.at("/Source/File").asText()).isEqualTo(csv.toString());
        assertThat(alert.at("/Source/Line").asLong()).isEqualTo(2);
    }

    @Test
    void recognisesACsvExportByItsHeaderWhateverItsName() throws IOException {
        Path export = write("query_data.txt", HEADER + ROW.replace("10:00:00.123 AM", "1:30:00 PM"));

        OtrfRun run = OtrfRun.of(List.of(export), WARM);

        assertThat(run.alertsOf("rat.exe").get(0).get("FirstSeen").asText()).isEqualTo("2024-05-01T13:30:00Z");
    }

    @Test
    void rejectsBadRowsAloneWithTheirLineAndReadsTheGoodOnes() throws IOException {
        String badDate = ROW.replace("5/1/2024, 10:00:00.123 AM", "13/45/2024, 10:00:00 AM").replace("\"5/1/2024, 10:00:05.000 AM\"", "");
        String badPort = ROW.replace(",4444,", ",99999,").replace("rat.exe,", "other.exe,");
        String shortRow = "a,b,c\n";
        String good = ROW.replace("rat.exe", "late.exe");
        Path csv = write("export.csv", HEADER + ROW + badDate + badPort + shortRow + good);

        OtrfRun run = OtrfRun.of(List.of(csv), WARM);

        assertThat(run.deadLetters()).extracting(letter -> letter.get("Reason").asText() + " @" + letter.at("/Source/Line").asLong())
                .containsExactly("Timestamp is not an ISO-8601 date-time: '13/45/2024, 10:00:00 AM' @4",
                        "RemotePort is out of range: 99999 @6",
                        "CSV row has 3 cells, the header has 14 @8");
        assertThat(run.deadLetters().get(2).get("RawText").asText()).as("the row as written").isEqualTo("a,b,c");
        assertThat(run.alerts()).extracting(alert -> alert.get("InitiatingProcessFileName").asText()).contains("rat.exe", "late.exe");
        assertThat(run.metrics().eventsRead()).isEqualTo(2);
    }

    @Test
    void rejectsTheRestOfACsvFileAfterAnUnterminatedQuoteAndSaysInputWasLost() throws IOException {
        Path csv = write("export.csv", HEADER + ROW + "\"5/1/2024, 10:00:00 AM,d2\n" + "2024-05-01T11:00:00Z,d3\n");

        OtrfRun run = OtrfRun.of(List.of(csv), WARM);

        assertThat(run.metrics().eventsRead()).isEqualTo(1);
        assertThat(run.deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.get("Reason").asText()).startsWith("unreadable CSV from here on: a quote in the row that"
                    + " starts here is never closed; lines 4 to 5 (50 bytes) cannot be read as rows");
            assertThat(letter.at("/Source/Line").asLong()).isEqualTo(4);
        });
        assertThat(run.warnings()).singleElement().asString().startsWith(csv + ": the rest of the file");
    }

    @Test
    void rejectsARowWithTextAfterAClosingQuoteAloneAndReadsOn() throws IOException {
        String textAfterQuote = ROW.replace(",rat.exe,", ",\"rat.exe\"x,");
        Path csv = write("export.csv", HEADER + textAfterQuote + ROW.replace("rat.exe", "next.exe"));

        OtrfRun run = OtrfRun.of(List.of(csv), WARM);

        assertThat(run.deadLetters()).extracting(letter -> letter.get("Reason").asText() + " @" + letter.at("/Source/Line").asLong())
                .containsExactly("CSV row has text after the closing quote of cell 11 @2");
        assertThat(run.alertsOf("next.exe")).hasSize(1);
        assertThat(run.warnings()).isEmpty();
    }

    @Test
    void aCsvHeaderOfMoreThanAThousandColumnsIsNotReadAndSaysInputWasLost() throws IOException {
        Path csv = write("export.csv", "Timestamp" + ",x".repeat(CsvInput.MAX_COLUMNS) + "\n" + ROW);

        OtrfRun run = OtrfRun.of(List.of(csv), WARM);

        assertThat(run.deadLetters()).singleElement().satisfies(letter -> assertThat(letter.get("Reason").asText())
                .isEqualTo("CSV header has 1025 columns, more than 1024: the file cannot be read"));
        assertThat(run.warnings()).hasSize(1);
    }

    @Test
    void keepsEveryCompleteLineOfAGzipFileCutInTheMiddleAndRejectsTheCutOne() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            lines.add("{\"Timestamp\":\"2024-05-01T10:00:00Z\",\"DeviceId\":\"d" + i + "\",\"ActionType\":\"ConnectionSuccess\","
                    + "\"RemoteIP\":\"8.8.8.8\",\"Padding\":\"" + Integer.toHexString(i * 7919).repeat(20) + "\"}");
        }
        byte[] gzip = gzip(String.join("\n", lines) + "\n");
        Path cut = dir.resolve("cut.json.gz");
        Files.write(cut, Arrays.copyOf(gzip, gzip.length / 2));

        OtrfRun run = OtrfRun.of(List.of(cut), WARM);

        long read = run.metrics().recordsRead();
        assertThat(read).isBetween(100L, 1_999L);
        assertThat(run.metrics().eventsRead()).isEqualTo(read - 1);
        assertThat(run.deadLetters()).singleElement().satisfies(letter ->
                assertThat(letter.get("Reason").asText()).startsWith("malformed JSON"));
        assertThat(run.warnings()).singleElement().asString()
                .isEqualTo(cut + ": the gzip stream ends early (unexpected end of file, no trailer); "
                        + "every line up to that point was read, the last one may be incomplete");
    }

    @Test
    void keepsEveryCompleteRowOfACsvGzipCutInTheMiddleAndRejectsTheRowItEndsIn() throws IOException {
        StringBuilder csv = new StringBuilder("Timestamp,DeviceId,ActionType,RemoteIP,Padding\n");
        for (int i = 0; i < 2_000; i++) {
            csv.append("2024-05-01T10:00:00Z,d").append(i).append(",ConnectionSuccess,8.8.8.8,")
                    .append(Integer.toHexString(i * 7919).repeat(20)).append('\n');
        }
        byte[] gzip = gzip(csv.toString());
        Path cut = dir.resolve("cut.csv.gz");
        Files.write(cut, Arrays.copyOf(gzip, gzip.length / 2));

        OtrfRun run = OtrfRun.of(List.of(cut), WARM);

        long read = run.metrics().recordsRead();
        assertThat(read).isBetween(100L, 1_999L);
        assertThat(run.metrics().eventsRead()).isEqualTo(read - 1);
        assertThat(run.deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.get("Reason").asText())
                    .startsWith("unreadable CSV from here on: the gzip stream ends in the row that starts here; line ");
            assertThat(letter.at("/Source/Line").asLong()).isEqualTo(read + 1);
        });
        assertThat(run.warnings()).singleElement().asString().startsWith(cut + ": the rest of the file");
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
