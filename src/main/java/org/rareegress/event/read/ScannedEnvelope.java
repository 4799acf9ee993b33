package org.rareegress.event.read;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rareegress.event.RawSlice;

/**
 * The records of one Streaming-API envelope as {@link FlatRowScanner#scanEnvelope} found them: for each, where
 * it lies, its category and its properties row, none decoded yet. Reused across records by one reader, so a
 * stream of envelopes allocates rows only for the largest one seen.
 */
final class ScannedEnvelope {
    private static final byte[] NETWORK_CATEGORY =
            EnvelopeRecordsReader.NETWORK_CATEGORY.getBytes(StandardCharsets.US_ASCII);

    private final List<ScannedRow> rows = new ArrayList<>();
    private int[] itemFrom = new int[16];
    private int[] itemTo = new int[16];
    private int[] categoryFrom = new int[16];
    private int[] categoryTo = new int[16];
    private boolean[] categoryAscii = new boolean[16];
    private byte[] bytes;
    private JsonByteLexer lexer;
    private int count;

    void clear(byte[] record, JsonByteLexer recordLexer) {
        bytes = record;
        lexer = recordLexer;
        count = 0;
    }

    /** The row of the record being scanned, cleared. */
    ScannedRow nextRow() {
        if (rows.size() == count) {
            rows.add(new ScannedRow());
        }
        ScannedRow row = rows.get(count);
        row.clear(bytes, lexer);
        return row;
    }

    /** Ends the record being scanned: it lies in {@code [from, to)}, its category in {@code [catFrom, catTo)}. */
    void add(int from, int to, int catFrom, int catTo, boolean catAscii) {
        if (count == itemFrom.length) {
            int size = count * 2;
            itemFrom = Arrays.copyOf(itemFrom, size);
            itemTo = Arrays.copyOf(itemTo, size);
            categoryFrom = Arrays.copyOf(categoryFrom, size);
            categoryTo = Arrays.copyOf(categoryTo, size);
            categoryAscii = Arrays.copyOf(categoryAscii, size);
        }
        itemFrom[count] = from;
        itemTo[count] = to;
        categoryFrom[count] = catFrom;
        categoryTo[count] = catTo;
        categoryAscii[count] = catAscii;
        count++;
    }

    int count() {
        return count;
    }

    ScannedRow row(int record) {
        return rows.get(record);
    }

    /** The record's bytes, from its opening to its closing brace, as the Jackson path slices them. */
    RawSlice raw(int record) {
        return new RawSlice(bytes, itemFrom[record], itemTo[record] - itemFrom[record]);
    }

    /** Whether the record is of the network category, the only one read. */
    boolean network(int record) {
        return categoryTo[record] - categoryFrom[record] == NETWORK_CATEGORY.length
                && ByteScan.regionEquals(bytes, categoryFrom[record], NETWORK_CATEGORY);
    }

    String category(int record) {
        return lexer.value(categoryFrom[record], categoryTo[record], false, categoryAscii[record]);
    }
}
