package org.rareegress.event.read;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rows of a CSV file, one at a time and each bounded: cells separated by commas, a cell in double
 * quotes may hold commas, line breaks and doubled quotes (RFC 4180); rows end at LF, CRLF or CR outside
 * quotes; a UTF-8 byte-order mark is skipped. A row keeps at most {@code maxRowBytes} of its bytes: a longer
 * one is only measured, to its end as its quotes say, so one row costs that much memory at most whatever
 * the file holds, and the rows after it are read as if it had been short. The cells are counted, not
 * kept, while the row is read; {@link #cells()} splits a row once it is known to be wanted.
 *
 * <p>What cannot be told from the bytes alone is a quote that is never closed: the rest of the file is then
 * one row, {@linkplain #unterminated() unterminated}, that ends with the file.
 */
public final class CsvRows {
    private static final int CHUNK = 1 << 16;
    private static final int CELL_START = 0;
    private static final int UNQUOTED = 1;
    private static final int QUOTED = 2;
    /** A quote inside a quoted cell: the end of the cell, or the first of two that stand for one. */
    private static final int QUOTE_IN_QUOTED = 3;
    /** After the closing quote: only blanks may come before the next comma or the end of the row. */
    private static final int AFTER_QUOTED = 4;

    private final InputStream in;
    private final int maxRowBytes;
    private final byte[] chunk = new byte[CHUNK];
    private int position;
    private int limit;
    private boolean started;
    private boolean ended;
    private boolean truncated;
    /** The line the next byte is on, 1-based; CRLF counts once. */
    private long line = 1;
    private boolean afterCr;
    private boolean lastWasLineBreak;

    private byte[] kept = new byte[256];
    private int keptLength;
    private long size;
    private long cellCount;
    private long startLine;
    private long endLine;
    private boolean unterminated;
    private boolean cutShort;
    private long textAfterQuoteInCell;

    public CsvRows(InputStream in, int maxRowBytes) {
        this.in = in;
        this.maxRowBytes = maxRowBytes;
    }

    /** Reads the next row; false at the end of the file. The row's accessors hold until the next call. */
    public boolean next() throws IOException {
        if (!started) {
            started = true;
            skipByteOrderMark();
        }
        keptLength = 0;
        size = 0;
        cellCount = 1;
        unterminated = false;
        cutShort = false;
        textAfterQuoteInCell = -1;
        startLine = line;
        int state = CELL_START;
        boolean any = false;
        while (true) {
            if (position == limit && !fill()) {
                endLine = lastWasLineBreak ? line - 1 : line;
                unterminated = state == QUOTED;
                cutShort = truncated;
                return any;
            }
            byte b = chunk[position++];
            boolean lineBreak = b == '\n' || b == '\r';
            lastWasLineBreak = lineBreak;
            if (lineBreak) {
                if (b == '\n' && afterCr) {
                    // The LF of a CRLF: counted with its CR; when that CR ended the last row, it ended nothing new.
                    afterCr = false;
                    if (!any) {
                        startLine = line;
                        continue;
                    }
                } else {
                    line++;
                    afterCr = b == '\r';
                }
            } else {
                afterCr = false;
            }
            any = true;
            if (state == QUOTED) {
                state = b == '"' ? QUOTE_IN_QUOTED : QUOTED;
                keep(b);
                continue;
            }
            if (state == QUOTE_IN_QUOTED) {
                if (b == '"') {
                    state = QUOTED;
                    keep(b);
                    continue;
                }
                state = AFTER_QUOTED;
            }
            if (lineBreak) {
                endLine = line - 1;
                return true;
            }
            keep(b);
            if (b == ',') {
                cellCount++;
                state = CELL_START;
            } else if (state == CELL_START) {
                state = b == '"' ? QUOTED : UNQUOTED;
            } else if (state == AFTER_QUOTED && b != ' ' && b != '\t' && textAfterQuoteInCell < 0) {
                textAfterQuoteInCell = cellCount;
            }
        }
    }

    /** The line the row starts on, 1-based. */
    public long line() {
        return startLine;
    }

    /** The last line the row spans. */
    public long endLine() {
        return endLine;
    }

    /** The row's length in bytes, without its line break, whether or not it was kept whole. */
    public long size() {
        return size;
    }

    /** Longer than {@code maxRowBytes}: only its first {@code maxRowBytes} bytes were kept. */
    public boolean oversized() {
        return size > maxRowBytes;
    }

    /** A quote in it is never closed: the row ran to the end of the file. */
    public boolean unterminated() {
        return unterminated;
    }

    /** How many cells the row has (commas outside quotes, plus one). */
    public long cellCount() {
        return cellCount;
    }

    /** The 1-based cell that has text after its closing quote ({@code "a"b}), or -1. */
    public long textAfterQuoteInCell() {
        return textAfterQuoteInCell < 0 ? -1 : textAfterQuoteInCell;
    }

    /** Whether the row is nothing at all, or one empty cell: a blank line. */
    public boolean blank() {
        return size == 0 || (size == 2 && kept[0] == '"' && kept[1] == '"');
    }

    /** The row's bytes as kept: all of them, or the first {@code maxRowBytes} of an oversized row. */
    public byte[] raw() {
        return Arrays.copyOf(kept, keptLength);
    }

    /** The row ran into the end of a gzip stream cut short: what it would have held is unknown. */
    public boolean cutShort() {
        return cutShort;
    }

    /** Whether the input ended without its gzip trailer (the last row may be cut). */
    public boolean truncated() {
        return truncated;
    }

    /** The cells of the current row, unquoted; only for a row that was kept whole. */
    public List<String> cells() {
        if (oversized()) {
            throw new IllegalStateException("an oversized row was not kept whole");
        }
        List<String> cells = new ArrayList<>((int) Math.min(cellCount, 1024));
        byte[] cell = new byte[keptLength];
        int length = 0;
        int state = CELL_START;
        for (int i = 0; i < keptLength; i++) {
            byte b = kept[i];
            if (state == QUOTED) {
                if (b == '"') {
                    state = QUOTE_IN_QUOTED;
                } else {
                    cell[length++] = b;
                }
                continue;
            }
            if (state == QUOTE_IN_QUOTED) {
                if (b == '"') {
                    cell[length++] = b;
                    state = QUOTED;
                    continue;
                }
                state = AFTER_QUOTED;
            }
            if (b == ',') {
                cells.add(new String(cell, 0, length, StandardCharsets.UTF_8));
                length = 0;
                state = CELL_START;
            } else if (state == CELL_START && b == '"') {
                state = QUOTED;
            } else if (state != AFTER_QUOTED) {
                cell[length++] = b;
                state = UNQUOTED;
            }
        }
        cells.add(new String(cell, 0, length, StandardCharsets.UTF_8));
        return cells;
    }

    private void keep(byte b) {
        size++;
        if (keptLength < maxRowBytes) {
            if (keptLength == kept.length) {
                kept = Arrays.copyOf(kept, (int) Math.min((long) kept.length * 2, maxRowBytes));
            }
            kept[keptLength++] = b;
        }
    }

    private boolean fill() throws IOException {
        if (ended) {
            return false;
        }
        int read;
        try {
            read = in.read(chunk, 0, chunk.length);
        } catch (EOFException cut) {
            // A gzip stream without its trailer: what was read stands; the caller says the file ended early.
            truncated = true;
            read = -1;
        }
        if (read < 0) {
            ended = true;
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }

    private void skipByteOrderMark() throws IOException {
        int read;
        try {
            read = in.readNBytes(chunk, 0, 3);
        } catch (EOFException cut) {
            truncated = true;
            ended = true;
            return;
        }
        position = 0;
        limit = read;
        if (read == 3 && chunk[0] == (byte) 0xEF && chunk[1] == (byte) 0xBB && chunk[2] == (byte) 0xBF) {
            position = 3;
        }
    }
}
