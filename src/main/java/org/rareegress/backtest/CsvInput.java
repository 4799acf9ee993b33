package org.rareegress.backtest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.rareegress.config.Settings;
import org.rareegress.event.read.CsvRows;
import org.rareegress.event.read.SentinelCsv;

/**
 * A CSV export (Sentinel / Log Analytics, the Defender portal): a header row, then one event a row,
 * quoted cells possibly spanning lines. Each row becomes its JSON row ({@link SentinelCsv}), numbered by
 * the line it starts on. A row that cannot be one (over {@code input.max-record-bytes}, the wrong number of
 * cells, text after a closing quote) is handed on as unreadable with its line, and reading goes on after
 * it: one bad row costs that row. Memory is bounded by the row limit and the header's columns, whatever
 * the file holds.
 *
 * <p>Input is lost, and {@link #read} says so, only where the bytes cannot be told apart into rows: a quote
 * that is never closed (the rest of the file), a header that is not one, a gzip stream cut short.
 */
final class CsvInput {
    /**
     * Columns a header may have: DeviceNetworkEvents has about 35, a Sentinel export about 10 more. A row must
     * have the header's count; its cells are counted while it is read and split only when the count is right.
     */
    static final int MAX_COLUMNS = 1_024;
    private static final int PEEK_BYTES = 1 << 16;
    /** What a backtest warns, after the file's name, when {@link #read} returns true. */
    static final String INPUT_LOST = ": the rest of the file from the row its dead letter names could not be read as"
            + " rows (a quote never closed, a header it cannot use, or a gzip stream that ends early); every row"
            + " before it was read";

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
        byte[] first = firstLine(file);
        String text = new String(first, StandardCharsets.UTF_8).strip();
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.isEmpty() || text.startsWith("{") || text.startsWith("[")) {
            return false;
        }
        CsvRows header = new CsvRows(new ByteArrayInputStream(first), PEEK_BYTES);
        return header.next() && !header.unterminated() && header.cellCount() <= MAX_COLUMNS
                && SentinelCsv.isHeader(header.cells());
    }

    /**
     * {@link #read(Path, int, RowConsumer)} with rows bounded by the default {@code input.max-record-bytes}:
     * the form callers had before rows were bounded; prefer passing the configured bound.
     */
    static boolean read(Path file, RowConsumer consumer) throws IOException {
        return read(file, Settings.defaults().input().maxRecordBytes(), consumer);
    }

    /**
     * Reads every row, each of at most {@code maxRowBytes} bytes.
     *
     * @return true when part of the file could not be read as rows, so input was lost: a gzip stream cut short,
     *         a quote never closed (the rest of the file), a header over the limits. The row a cut stream ends
     *         in, the unclosed quote's rows and the bad header are also handed on as unreadable, with their lines.
     */
    static boolean read(Path file, int maxRowBytes, RowConsumer consumer) throws IOException {
        try (InputStream in = LineReader.open(file)) {
            CsvRows rows = new CsvRows(in, maxRowBytes);
            List<String> columns = null;
            while (rows.next()) {
                if (rows.blank() && !rows.cutShort()) {
                    continue;
                }
                if (rows.unterminated() || rows.cutShort()) {
                    consumer.unreadable("unreadable CSV from here on: " + (rows.cutShort()
                            ? "the gzip stream ends in the row that starts here"
                            : "a quote in the row that starts here is never closed") + "; " + lines(rows) + " ("
                            + rows.size() + " bytes) cannot be read as rows", rows.raw(), rows.line());
                    return true;
                }
                String problem = problem(rows, columns, maxRowBytes);
                if (problem != null) {
                    consumer.unreadable(problem, rows.raw(), rows.line());
                    if (columns == null) {
                        return true;
                    }
                } else if (columns == null) {
                    columns = rows.cells().stream().map(SentinelCsv::columnName).toList();
                } else {
                    consumer.row(SentinelCsv.toJson(columns, rows.cells()), rows.line());
                }
            }
            return rows.truncated();
        }
    }

    /** Why the current row cannot be read (the header when {@code columns} is null), or null. */
    private static String problem(CsvRows rows, List<String> columns, int maxRowBytes) {
        boolean header = columns == null;
        String what = header ? "CSV header" : "CSV row";
        String problem = null;
        if (rows.oversized()) {
            problem = what + " is " + rows.size() + " bytes, over input.max-record-bytes (" + maxRowBytes + ")"
                    + (rows.endLine() > rows.line() ? "; " + lines(rows) : "");
        } else if (header && rows.cellCount() > MAX_COLUMNS) {
            problem = what + " has " + rows.cellCount() + " columns, more than " + MAX_COLUMNS;
        } else if (!header && rows.cellCount() != columns.size()) {
            problem = what + " has " + rows.cellCount() + " cells, the header has " + columns.size();
        } else if (rows.textAfterQuoteInCell() > 0) {
            problem = what + " has text after the closing quote of cell " + rows.textAfterQuoteInCell();
        }
        return problem != null && header ? problem + ": the file cannot be read" : problem;
    }

    private static String lines(CsvRows rows) {
        return rows.endLine() > rows.line() ? "lines " + rows.line() + " to " + rows.endLine() : "line " + rows.line();
    }

    private static byte[] firstLine(Path file) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try (InputStream in = LineReader.open(file)) {
            int b;
            while (line.size() < PEEK_BYTES && (b = in.read()) != -1 && b != '\n') {
                line.write(b);
            }
        } catch (EOFException truncated) {
            // A gzip file cut short within its first line: judged by what there is.
        }
        return line.toByteArray();
    }
}
