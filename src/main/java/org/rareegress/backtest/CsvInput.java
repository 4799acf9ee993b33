package org.rareegress.backtest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rareegress.event.SentinelCsv;

/**
 * A CSV export (Sentinel / Log Analytics, the Defender portal): a header row, then one event a row,
 * quoted cells possibly spanning lines. Each row becomes its JSON row ({@link SentinelCsv}), numbered by
 * the line it starts on; a row that cannot be one (wrong number of cells) is handed on as unreadable.
 */
final class CsvInput {
    private static final CsvMapper MAPPER = new CsvMapper();
    private static final int PEEK_BYTES = 1 << 16;

    /** Receives rows as JSON, or why a row is unusable, with the line the row starts on. */
    interface RowConsumer {
        void row(byte[] json, long line);

        void unreadable(String reason, byte[] raw, long line);
    }

    private CsvInput() {
    }

    /** A {@code .csv} (or {@code .csv.gz}) name, or a first line that is a CSV header naming the time columns. */
    static boolean isCsv(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv") || name.endsWith(".csv.gz")) {
            return true;
        }
        String first = firstLine(file).strip();
        if (first.startsWith("\uFEFF")) {
            first = first.substring(1);
        }
        if (first.isEmpty() || first.startsWith("{") || first.startsWith("[")) {
            return false;
        }
        try (CsvParser parser = parser(new StringReader(first))) {
            return SentinelCsv.isHeader(nextRow(parser));
        } catch (IOException notCsv) {
            return false;
        }
    }

    /** Reads every row; returns true when a gzip file ended without its trailer (all complete rows were read). */
    static boolean read(Path file, RowConsumer consumer) throws IOException {
        try (InputStream in = LineReader.open(file);
             CsvParser parser = parser(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<String> columns = null;
            long line = 1;
            while (true) {
                List<String> cells;
                try {
                    cells = nextRow(parser);
                } catch (EOFException truncated) {
                    return true;
                } catch (JsonProcessingException e) {
                    consumer.unreadable("unreadable CSV from here on: " + e.getOriginalMessage(), new byte[0], line);
                    return false;
                }
                if (cells == null) {
                    return false;
                }
                long rowLine = line;
                line = parser.currentLocation().getLineNr();
                if (cells.size() == 1 && cells.get(0).isEmpty()) {
                    continue;
                }
                if (columns == null) {
                    columns = cells.stream().map(SentinelCsv::columnName).toList();
                } else if (cells.size() != columns.size()) {
                    consumer.unreadable("CSV row has " + cells.size() + " cells, the header has " + columns.size(),
                            asJsonArray(cells), rowLine);
                } else {
                    consumer.row(SentinelCsv.toJson(columns, cells), rowLine);
                }
            }
        }
    }

    private static CsvParser parser(Reader reader) throws IOException {
        CsvParser parser = MAPPER.getFactory().createParser(reader);
        parser.setSchema(CsvSchema.emptySchema());
        return parser;
    }

    /** The cells of the next row, or null at the end. */
    private static List<String> nextRow(CsvParser parser) throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            return null;
        }
        List<String> cells = new ArrayList<>();
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
            cells.add(parser.getText());
        }
        return cells;
    }

    private static String firstLine(Path file) throws IOException {
        try (InputStream in = LineReader.open(file)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while (line.size() < PEEK_BYTES && (b = in.read()) != -1 && b != '\n') {
                line.write(b);
            }
            return line.toString(StandardCharsets.UTF_8);
        } catch (EOFException truncated) {
            return "";
        }
    }

    /** The cells of an unusable row, for the dead letter (the CSV text itself is not kept by the parser). */
    private static byte[] asJsonArray(List<String> cells) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(cells);
        } catch (JsonProcessingException e) {
            return new byte[0];
        }
    }
}
