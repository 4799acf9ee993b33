package org.rareegress.event.read;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** CSV rows, each bounded, read on after any bad one. */
class CsvRowsTest {
    private static final int MAX = 1024;

    /** Each row as "line: cells" (or what was wrong with it), in order. */
    private static List<String> rows(String csv, int maxRowBytes) throws IOException {
        return rows(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), maxRowBytes);
    }

    private static List<String> rows(InputStream in, int maxRowBytes) throws IOException {
        CsvRows rows = new CsvRows(in, maxRowBytes);
        List<String> found = new ArrayList<>();
        while (rows.next()) {
            String where = rows.line() + (rows.endLine() > rows.line() ? "-" + rows.endLine() : "") + ": ";
            if (rows.unterminated()) {
                found.add(where + "unterminated, " + rows.size() + " bytes");
            } else if (rows.oversized()) {
                found.add(where + "oversized, " + rows.size() + " bytes, " + rows.cellCount() + " cells, kept "
                        + rows.raw().length);
            } else if (rows.textAfterQuoteInCell() > 0) {
                found.add(where + "text after the quote of cell " + rows.textAfterQuoteInCell());
            } else if (!rows.blank()) {
                found.add(where + rows.cells());
            }
        }
        return found;
    }

    @Test
    void readsQuotedCellsWithCommasLineBreaksAndDoubledQuotes() throws IOException {
        String csv = "a,\"b,c\",\"say \"\"hi\"\"\"\n\"two\nlines\",,x\n";

        assertThat(rows(csv, MAX)).containsExactly("1: [a, b,c, say \"hi\"]", "2-3: [two\nlines, , x]");
    }

    @Test
    void endsRowsAtLfCrlfAndCrAndNumbersTheirLines() throws IOException {
        String csv = "a\r\nb\rc\n\nd\r\n\"e\r\nf\"\r\ng";

        assertThat(rows(csv, MAX)).containsExactly("1: [a]", "2: [b]", "3: [c]", "5: [d]", "6-7: [e\r\nf]", "8: [g]");
    }

    @Test
    void skipsAByteOrderMarkSoAQuotedFirstCellIsStillQuoted() throws IOException {
        assertThat(rows("\uFEFF\"Timestamp [UTC]\",b\n", MAX)).containsExactly("1: [Timestamp [UTC], b]");
    }

    @Test
    void allowsBlanksAfterAClosingQuoteButNotText() throws IOException {
        assertThat(rows("\"a\" \t,b\n\"a\"x,b\nc,d\n", MAX))
                .containsExactly("1: [a, b]", "2: text after the quote of cell 1", "3: [c, d]");
    }

    @Test
    void measuresAGiantRowOfCommasKeepsOnlyItsStartAndReadsTheNextRow() throws IOException {
        String csv = "a,b\n" + ",".repeat(5_000) + "\nc,d\n";

        assertThat(rows(csv, MAX)).containsExactly("1: [a, b]", "2: oversized, 5000 bytes, 5001 cells, kept 1024",
                "3: [c, d]");
    }

    @Test
    void skipsAnOversizedQuotedCellToItsClosingQuoteEvenAcrossLines() throws IOException {
        String fake = "\nforged,row\n";
        String csv = "a,\"" + "x".repeat(3_000) + fake + "x\"\nc,d\n";

        assertThat(rows(csv, MAX)).containsExactly("1-3: oversized, 3017 bytes, 2 cells, kept 1024", "4: [c, d]");
    }

    @Test
    void aQuoteNeverClosedRunsToTheEndOfTheFile() throws IOException {
        assertThat(rows("a,b\n\"c,d\ne,f\n", MAX)).containsExactly("1: [a, b]", "2-3: unterminated, 9 bytes");
    }

    @Test
    void aQuoteLiteralInsideAnUnquotedCellIsText() throws IOException {
        assertThat(rows("a,b\"c,d\n", MAX)).containsExactly("1: [a, b\"c, d]");
    }

    @Test
    void keepsUtf8AcrossChunkBoundaries() throws IOException {
        String cell = "\u00e9\u20ac\uD83D\uDE80".repeat(30_000);

        assertThat(rows(cell + ",x\n", 1 << 20)).containsExactly("1: [" + cell + ", x]");
    }

    @Test
    void readsRowsSplitAcrossTinyReads() throws IOException {
        String csv = "a,\"b\r\nc\"\r\nd,e\r\n";
        InputStream oneByteAtATime = new SequenceInputStream(java.util.Collections.enumeration(
                csv.chars().mapToObj(c -> (InputStream) new ByteArrayInputStream(new byte[] {(byte) c})).toList()));

        assertThat(rows(oneByteAtATime, MAX)).containsExactly("1-2: [a, b\r\nc]", "3: [d, e]");
    }

    @Test
    void agreesWithJacksonOnWellFormedCsv() throws IOException {
        Random random = new Random(42);
        String[] pieces = {"a", "bc", " ", ",", "\"", "\n", "\r\n", "\u00e9", "x y", "\t"};
        for (int n = 0; n < 2_000; n++) {
            StringBuilder csv = new StringBuilder();
            int columns = 1 + random.nextInt(5);
            for (int r = 0; r < 1 + random.nextInt(4); r++) {
                for (int c = 0; c < columns; c++) {
                    StringBuilder cell = new StringBuilder();
                    for (int k = random.nextInt(4); k > 0; k--) {
                        cell.append(pieces[random.nextInt(pieces.length)]);
                    }
                    String text = cell.toString();
                    boolean quote = text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")
                            || text.isEmpty() || random.nextBoolean();
                    csv.append(c == 0 ? "" : ",").append(quote ? "\"" + text.replace("\"", "\"\"") + "\"" : text);
                }
                csv.append(random.nextBoolean() ? "\n" : "\r\n");
            }

            assertThat(cells(csv.toString())).as(csv.toString()).isEqualTo(jackson(csv.toString()));
        }
    }

    @Test
    void anyBytesGiveBoundedRowsInLineOrderAndOnlyTheLastCanRunToTheEnd() throws IOException {
        Random random = new Random(7);
        byte[] alphabet = {'"', '"', ',', ',', '\n', '\r', 'a', ' ', (byte) 0xC3, (byte) 0xA9, (byte) 0xFF, 0};
        for (int n = 0; n < 3_000; n++) {
            byte[] bytes = new byte[random.nextInt(400)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = alphabet[random.nextInt(alphabet.length)];
            }
            CsvRows rows = new CsvRows(new ByteArrayInputStream(bytes), 16);
            long lastLine = 0;
            boolean ranToTheEnd = false;
            long sizes = 0;
            while (rows.next()) {
                assertThat(ranToTheEnd).as("a row after one that ran to the end").isFalse();
                assertThat(rows.raw().length).isLessThanOrEqualTo(16).isEqualTo((int) Math.min(rows.size(), 16));
                assertThat(rows.line()).isGreaterThan(lastLine).isLessThanOrEqualTo(rows.endLine());
                lastLine = rows.endLine();
                ranToTheEnd = rows.unterminated();
                sizes += rows.size();
                if (!rows.oversized() && !rows.unterminated()) {
                    assertThat(rows.cells()).hasSize((int) rows.cellCount());
                }
            }
            assertThat(sizes).as("rows hold every byte but their line breaks").isLessThanOrEqualTo(bytes.length);
        }
    }

    private static List<List<String>> cells(String csv) throws IOException {
        CsvRows rows = new CsvRows(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), 1 << 20);
        List<List<String>> found = new ArrayList<>();
        while (rows.next()) {
            if (!rows.blank()) {
                found.add(rows.cells());
            }
        }
        return found;
    }

    private static List<List<String>> jackson(String csv) throws IOException {
        List<List<String>> found = new ArrayList<>();
        try (CsvParser parser = new CsvMapper().getFactory().createParser(new StringReader(csv))) {
            parser.setSchema(CsvSchema.emptySchema());
            while (parser.nextToken() == JsonToken.START_ARRAY) {
                List<String> row = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    row.add(parser.getText());
                }
                if (!(row.size() == 1 && row.get(0).isEmpty())) {
                    found.add(row);
                }
            }
        }
        return found;
    }
}
