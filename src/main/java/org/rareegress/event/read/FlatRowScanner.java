package org.rareegress.event.read;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The fast path of {@link MdeJsonReader} for the record nearly every Defender row is: one flat JSON
 * object of strings (well-formed UTF-8), whole numbers and literals. It reads the fields the hunt uses straight from
 * the bytes (no parser, no tree, no String for skipped fields) and validates what it skips. This class
 * dispatches the fields; {@link JsonByteLexer} reads the strings, numbers and literals between them. A
 * Streaming-API envelope whose records hold such rows is read the same way ({@link #scanEnvelope}).
 *
 * <p>It only ever says "done, exactly as the Jackson path would have read it" or "not mine": anything
 * it does not fully understand (malformed, overlong or surrogate UTF-8, backslash-u escapes, nesting past an
 * envelope's, arrays of rows, a used field of the wrong type, a number it would not parse the same way, any
 * syntax doubt) returns false,
 * and the caller reads the record with Jackson as before. ReaderDifferentialFuzzTest holds the two
 * paths to the same events and the same rejects.
 */
final class FlatRowScanner {
    private static final String[] NAMES = {"Timestamp", "DeviceId", "DeviceName", "ActionType", "Protocol",
        "RemoteIPType", "RemoteIP", "RemoteUrl", "InitiatingProcessFileName", "InitiatingProcessMD5",
        "InitiatingProcessSHA256", "InitiatingProcessCommandLine", "InitiatingProcessFolderPath", "TimeGenerated", "Type",
        "RemotePort", "records"};
    private static final int REMOTE_PORT = 15;
    private static final int RECORDS = 16;
    private static final int UNUSED = -1;
    private static final byte[] RECORDS_KEY = "records".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CATEGORY_KEY = "category".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PROPERTIES_KEY = "properties".getBytes(StandardCharsets.US_ASCII);
    /** NAMES as bytes, bucketed by length, so most unknown keys are told apart by their length alone. */
    private static final byte[][][] BY_LENGTH = new byte[64][][];
    private static final int[][] INDEX_BY_LENGTH = new int[64][];

    static {
        for (int i = 0; i < NAMES.length; i++) {
            byte[] name = NAMES[i].getBytes(StandardCharsets.US_ASCII);
            byte[][] bucket = BY_LENGTH[name.length] == null ? new byte[0][] : BY_LENGTH[name.length];
            int[] indexes = INDEX_BY_LENGTH[name.length] == null ? new int[0] : INDEX_BY_LENGTH[name.length];
            BY_LENGTH[name.length] = Arrays.copyOf(bucket, bucket.length + 1);
            BY_LENGTH[name.length][bucket.length] = name;
            INDEX_BY_LENGTH[name.length] = Arrays.copyOf(indexes, indexes.length + 1);
            INDEX_BY_LENGTH[name.length][indexes.length] = i;
        }
    }

    /**
     * The keys of the previous row by position, and their fields: an export writes its columns in one order, so a
     * key is nearly always the one before it at its place, told by one comparison instead of a scan and a lookup.
     */
    private static final int KEYS_REMEMBERED = 64;
    private final byte[][] keys = new byte[KEYS_REMEMBERED][];
    private final int[] keyFields = new int[KEYS_REMEMBERED];
    private final boolean acceptEnvelopes;
    private final JsonByteLexer lexer = new JsonByteLexer();
    /** The record the lexer reads too, kept here for the field dispatch's own byte checks. */
    private byte[] b;
    private int end;

    FlatRowScanner(boolean acceptEnvelopes) {
        this.acceptEnvelopes = acceptEnvelopes;
    }

    /** Reads a flat row into {@code f} (cleared first); false when the record must go the Jackson way. */
    boolean scan(byte[] record, EventFields f) {
        ScannedRow row = new ScannedRow();
        if (!scan(record, row)) {
            f.clear();
            return false;
        }
        row.fill(f);
        return true;
    }

    /**
     * Finds a flat row's used fields in {@code record}, into {@code f} (cleared first), decoding none of them;
     * false when the record must go the Jackson way. {@code f} stays valid until the next scan.
     */
    boolean scan(byte[] record, ScannedRow f) {
        start(record);
        f.clear(record, lexer);
        int i = lexer.skipSpace(0);
        if (i >= end) {
            return false;
        }
        i = object(i, f);
        return i >= 0 && lexer.skipSpace(i) == end;
    }

    /**
     * Finds a Streaming-API envelope's records in {@code out} (cleared first), decoding nothing: an object whose
     * one key is {@code records}, an array of objects, each with a plain {@code category} string, a flat
     * {@code properties} row as {@link #scan} reads one and other keys of plain values, each key once. False
     * when the record must go the Jackson way: anything else, a record with no category or properties (the
     * Jackson path rejects it with its reason), or any doubt. {@code out} stays valid until the next scan.
     */
    boolean scanEnvelope(byte[] record, ScannedEnvelope out) {
        start(record);
        out.clear(record, lexer);
        int i = lexer.skipSpace(0);
        if (i >= end || b[i] != '{') {
            return false;
        }
        i = key(lexer.skipSpace(i + 1), RECORDS_KEY);
        if (i < 0 || b[i] != '[') {
            return false;
        }
        i = lexer.skipSpace(i + 1);
        if (i < end && b[i] == ']') {
            i++;
        } else {
            while (true) {
                if (i >= end || (i = item(i, out)) < 0 || (i = lexer.skipSpace(i)) >= end) {
                    return false;
                }
                if (b[i] == ']') {
                    i++;
                    break;
                }
                if (b[i] != ',') {
                    return false;
                }
                i = lexer.skipSpace(i + 1);
            }
        }
        i = lexer.skipSpace(i);
        return i < end && b[i] == '}' && lexer.skipSpace(i + 1) == end;
    }

    private void start(byte[] record) {
        b = record;
        end = record.length;
        lexer.reset(record);
    }

    /** The plain key {@code name} at {@code i}: where its value starts, or -1. */
    private int key(int i, byte[] name) {
        if (i >= end || b[i] != '"' || (i = lexer.string(i)) < 0 || lexer.escaped
                || !plainEquals(lexer.stringStart, lexer.stringEnd, name)) {
            return -1;
        }
        return valueStart(i);
    }

    /** Past a key's closing quote at {@code i}: where its value starts, after the colon and any spaces, or -1. */
    private int valueStart(int i) {
        i = lexer.skipSpace(i);
        if (i >= end || b[i] != ':') {
            return -1;
        }
        i = lexer.skipSpace(i + 1);
        return i < end ? i : -1;
    }

    /** One envelope record at {@code i} into {@code out}; past its closing brace, or -1. */
    private int item(int i, ScannedEnvelope out) {
        if (b[i] != '{') {
            return -1;
        }
        int from = i;
        ScannedRow row = out.nextRow();
        int categoryFrom = -1;
        int categoryTo = -1;
        boolean categoryAscii = true;
        boolean properties = false;
        i = lexer.skipSpace(i + 1);
        while (i < end) {
            if (b[i] != '"' || (i = lexer.string(i)) < 0 || lexer.escaped) {
                return -1;
            }
            int keyFrom = lexer.stringStart;
            int keyTo = lexer.stringEnd;
            if ((i = valueStart(i)) < 0) {
                return -1;
            }
            if (plainEquals(keyFrom, keyTo, CATEGORY_KEY)) {
                if (categoryFrom >= 0 || b[i] != '"' || (i = lexer.string(i)) < 0 || lexer.escaped) {
                    return -1;
                }
                categoryFrom = lexer.stringStart;
                categoryTo = lexer.stringEnd;
                categoryAscii = lexer.ascii;
            } else if (plainEquals(keyFrom, keyTo, PROPERTIES_KEY)) {
                if (properties) {
                    return -1;
                }
                properties = true;
                i = object(i, row);
            } else {
                i = lexer.skipValue(i);
            }
            if (i < 0 || (i = lexer.skipSpace(i)) >= end) {
                return -1;
            }
            if (b[i] == '}') {
                if (categoryFrom < 0 || !properties) {
                    return -1;
                }
                out.add(from, i + 1, categoryFrom, categoryTo, categoryAscii);
                return i + 1;
            }
            if (b[i] != ',') {
                return -1;
            }
            i = lexer.skipSpace(i + 1);
        }
        return -1;
    }

    private boolean plainEquals(int from, int to, byte[] word) {
        return to - from == word.length && ByteScan.regionEquals(b, from, word);
    }

    /** The flat object that opens at {@code i}, its used fields into {@code f}: past its closing brace, or -1. */
    private int object(int i, ScannedRow f) {
        if (b[i] != '{') {
            return -1;
        }
        i = lexer.skipSpace(i + 1);
        if (i < end && b[i] == '}') {
            return i + 1;
        }
        for (int position = 0; i < end; position++) {
            if (b[i] != '"') {
                return -1;
            }
            int field;
            byte[] known = position < KEYS_REMEMBERED ? keys[position] : null;
            int close = known == null ? end : i + 1 + known.length;
            if (close < end && b[close] == '"' && ByteScan.regionEquals(b, i + 1, known)) {
                // The same key as at this position in the previous row: a plain string already read and looked up.
                field = keyFields[position];
                i = close + 1;
            } else {
                if ((i = lexer.string(i)) < 0 || lexer.escaped) {
                    return -1;
                }
                field = field(lexer.stringStart, lexer.stringEnd);
                if (position < KEYS_REMEMBERED) {
                    keys[position] = Arrays.copyOfRange(b, lexer.stringStart, lexer.stringEnd);
                    keyFields[position] = field;
                }
            }
            if ((i = valueStart(i)) < 0) {
                return -1;
            }
            i = field == UNUSED ? lexer.skipValue(i) : field == REMOTE_PORT ? port(i, f) : field == RECORDS ? -1 : text(i, field, f);
            if (i < 0) {
                return -1;
            }
            i = lexer.skipSpace(i);
            if (i >= end) {
                return -1;
            }
            if (b[i] == '}') {
                return i + 1;
            }
            if (b[i] != ',') {
                return -1;
            }
            i = lexer.skipSpace(i + 1);
        }
        return -1;
    }

    private int field(int from, int to) {
        int length = to - from;
        if (length >= BY_LENGTH.length || BY_LENGTH[length] == null) {
            return UNUSED;
        }
        byte[][] bucket = BY_LENGTH[length];
        for (int k = 0; k < bucket.length; k++) {
            if (ByteScan.regionEquals(b, from, bucket[k])) {
                int index = INDEX_BY_LENGTH[length][k];
                return index == RECORDS && !acceptEnvelopes ? UNUSED : index;
            }
        }
        return UNUSED;
    }

    /** A used string field: a string or null (where it lies, not yet decoded); anything else is the Jackson path's to reject. */
    private int text(int i, int field, ScannedRow f) {
        if (b[i] == '"') {
            int next = lexer.string(i);
            if (next >= 0) {
                f.set(field, lexer.stringStart, lexer.stringEnd, lexer.escaped, lexer.ascii);
            }
            return next;
        }
        int next = lexer.literal(i, "null");
        if (next > 0) {
            f.setNull(field);
        }
        return next;
    }

    /** RemotePort as a plain number or digits in a string, 0 to 65535; empty string and null are absent. */
    private int port(int i, ScannedRow f) {
        int next;
        int from;
        int to;
        if (b[i] == '"') {
            next = lexer.string(i);
            if (next < 0 || lexer.escaped) {
                return -1;
            }
            from = lexer.stringStart;
            to = lexer.stringEnd;
            if (from == to) {
                f.remotePort = -1;
                return next;
            }
        } else if ((next = lexer.literal(i, "null")) > 0) {
            f.remotePort = -1;
            return next;
        } else {
            from = i;
            to = i;
            while (to < end && b[to] >= '0' && b[to] <= '9') {
                to++;
            }
            // A leading zero, a sign, a fraction or an exponent: Jackson's own reading and reasons apply.
            if (to == from || (b[from] == '0' && to - from > 1) || (to < end && (b[to] == '.' || b[to] == 'e' || b[to] == 'E'))) {
                return -1;
            }
            next = to;
        }
        if (to - from > 5) {
            return -1;
        }
        int port = 0;
        for (int k = from; k < to; k++) {
            int digit = b[k] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            port = port * 10 + digit;
        }
        if (port > 65535) {
            return -1;
        }
        f.remotePort = port;
        return next;
    }
}
