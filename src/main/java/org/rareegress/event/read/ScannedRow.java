package org.rareegress.event.read;

import java.util.Arrays;

/**
 * The used fields of one flat row as {@link FlatRowScanner} found them: where each string lies in the record's
 * bytes, and whether it holds an escape or bytes past ASCII. Nothing is decoded until {@link #fill} (or
 * {@link #string}) asks, so a row dropped from its bytes never becomes Strings. Reused across rows by one reader.
 */
final class ScannedRow {
    static final int TIMESTAMP = 0;
    static final int DEVICE_ID = 1;
    static final int DEVICE_NAME = 2;
    static final int ACTION_TYPE = 3;
    static final int PROTOCOL = 4;
    static final int REMOTE_IP_TYPE = 5;
    static final int REMOTE_IP = 6;
    static final int REMOTE_URL = 7;
    static final int PROCESS_FILE_NAME = 8;
    static final int MD5 = 9;
    static final int SHA256 = 10;
    static final int COMMAND_LINE = 11;
    static final int FOLDER_PATH = 12;
    static final int TIME_GENERATED = 13;
    static final int TABLE = 14;
    static final int TEXT_FIELDS = 15;
    /** The start of a field that is absent or JSON null. */
    private static final int NULL = -1;

    private final int[] start = new int[TEXT_FIELDS];
    private final int[] end = new int[TEXT_FIELDS];
    private final boolean[] escaped = new boolean[TEXT_FIELDS];
    private final boolean[] ascii = new boolean[TEXT_FIELDS];
    private JsonByteLexer lexer;
    byte[] bytes;
    int remotePort = -1;

    void clear(byte[] record, JsonByteLexer recordLexer) {
        Arrays.fill(start, NULL);
        bytes = record;
        lexer = recordLexer;
        remotePort = -1;
    }

    void set(int field, int from, int to, boolean hasEscape, boolean allAscii) {
        start[field] = from;
        end[field] = to;
        escaped[field] = hasEscape;
        ascii[field] = allAscii;
    }

    void setNull(int field) {
        start[field] = NULL;
    }

    /** A string, not null nor absent. */
    boolean present(int field) {
        return start[field] != NULL;
    }

    int start(int field) {
        return start[field];
    }

    int end(int field) {
        return end[field];
    }

    /** The bytes the string takes in the record: never fewer than its UTF-16 length, and 0 only when it is empty. */
    int rawLength(int field) {
        return end[field] - start[field];
    }

    /** Present, without escapes: its bytes are its UTF-8 text exactly. */
    boolean plain(int field) {
        return start[field] != NULL && !escaped[field];
    }

    /** Present, without escapes, all ASCII: one byte a character. */
    boolean plainAscii(int field) {
        return plain(field) && ascii[field];
    }

    /** Whether the field is plain and its bytes are exactly {@code value}. */
    boolean plainEquals(int field, byte[] value) {
        return plain(field) && end[field] - start[field] == value.length && ByteScan.regionEquals(bytes, start[field], value);
    }

    /** The field decoded as the Jackson path would read it; null when absent or JSON null. */
    String string(int field) {
        return start[field] == NULL ? null : lexer.value(start[field], end[field], escaped[field], ascii[field]);
    }

    /** Every field decoded into {@code f}, exactly what the scanner used to read into it. */
    void fill(EventFields f) {
        // A loop, not fifteen calls: the decoding is compiled once, and the reader's hot loop stays small to compile.
        for (int field = 0; field < TEXT_FIELDS; field++) {
            f.set(field, string(field));
        }
        f.remotePort = remotePort;
    }
}
