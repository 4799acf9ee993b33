package org.rareegress.event;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The fast path of {@link MdeJsonReader} for the record nearly every Defender row is: one flat JSON
 * object of ASCII strings, whole numbers and literals. It reads the fields the hunt uses straight from
 * the bytes (no parser, no tree, no String for skipped fields) and validates what it skips.
 *
 * <p>It only ever says "done, exactly as the Jackson path would have read it" or "not mine": anything
 * it does not fully understand (non-ASCII bytes, backslash-u escapes, nesting, arrays, envelopes, a used
 * field of the wrong type, a number it would not parse the same way, any syntax doubt) returns false,
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

    private final boolean acceptEnvelopes;
    private byte[] scratch = new byte[256];
    private byte[] b;
    private int end;
    /** Where the last string's content starts and ends (exclusive), and whether it held an escape. */
    private int stringStart;
    private int stringEnd;
    private boolean escaped;
    /** Whether the last string was all ASCII (else well-formed UTF-8). */
    private boolean ascii;

    FlatRowScanner(boolean acceptEnvelopes) {
        this.acceptEnvelopes = acceptEnvelopes;
    }

    /** Reads a flat row into {@code f} (cleared first); false when the record must go the Jackson way. */
    boolean scan(byte[] record, EventFields f) {
        b = record;
        end = record.length;
        f.clear();
        int i = skipSpace(0);
        if (i >= end || b[i] != '{') {
            return false;
        }
        i = skipSpace(i + 1);
        if (i < end && b[i] == '}') {
            return skipSpace(i + 1) == end;
        }
        while (i < end) {
            if (b[i] != '"' || (i = string(i)) < 0 || escaped) {
                return false;
            }
            int field = field(stringStart, stringEnd);
            i = skipSpace(i);
            if (i >= end || b[i] != ':') {
                return false;
            }
            i = skipSpace(i + 1);
            if (i >= end) {
                return false;
            }
            i = field == UNUSED ? skipValue(i) : field == REMOTE_PORT ? port(i, f) : field == RECORDS ? -1 : text(i, field, f);
            if (i < 0) {
                return false;
            }
            i = skipSpace(i);
            if (i >= end) {
                return false;
            }
            if (b[i] == '}') {
                return skipSpace(i + 1) == end;
            }
            if (b[i] != ',') {
                return false;
            }
            i = skipSpace(i + 1);
        }
        return false;
    }

    private int field(int from, int to) {
        int length = to - from;
        if (length >= BY_LENGTH.length || BY_LENGTH[length] == null) {
            return UNUSED;
        }
        byte[][] bucket = BY_LENGTH[length];
        for (int k = 0; k < bucket.length; k++) {
            if (Arrays.equals(b, from, to, bucket[k], 0, length)) {
                int index = INDEX_BY_LENGTH[length][k];
                return index == RECORDS && !acceptEnvelopes ? UNUSED : index;
            }
        }
        return UNUSED;
    }

    /** A used string field: a string or null; anything else is the Jackson path's to reject. */
    private int text(int i, int field, EventFields f) {
        String value;
        int next;
        if (b[i] == '"') {
            next = string(i);
            if (next < 0) {
                return -1;
            }
            value = escaped ? unescape() : decode(b, stringStart, stringEnd - stringStart);
        } else if ((next = literal(i, "null")) > 0) {
            value = null;
        } else {
            return -1;
        }
        switch (field) {
            case 0 -> f.timestamp = value;
            case 1 -> f.deviceId = value;
            case 2 -> f.deviceName = value;
            case 3 -> f.actionType = value;
            case 4 -> f.protocol = value;
            case 5 -> f.remoteIpType = value;
            case 6 -> f.remoteIp = value;
            case 7 -> f.remoteUrl = value;
            case 8 -> f.processFileName = value;
            case 9 -> f.md5 = value;
            case 10 -> f.sha256 = value;
            case 11 -> f.commandLine = value;
            case 12 -> f.folderPath = value;
            case 13 -> f.timeGenerated = value;
            case 14 -> f.table = value;
            default -> throw new IllegalStateException("no text field " + field);
        }
        return next;
    }

    /** RemotePort as a plain number or digits in a string, 0 to 65535; empty string and null are absent. */
    private int port(int i, EventFields f) {
        int next;
        int from;
        int to;
        if (b[i] == '"') {
            next = string(i);
            if (next < 0 || escaped) {
                return -1;
            }
            from = stringStart;
            to = stringEnd;
            if (from == to) {
                f.remotePort = -1;
                return next;
            }
        } else if ((next = literal(i, "null")) > 0) {
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

    /** Skips and validates an unused field's value: a string, a JSON number or a literal; nesting is not ours. */
    private int skipValue(int i) {
        byte c = b[i];
        if (c == '"') {
            return string(i);
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return number(i);
        }
        int next = literal(i, "null");
        if (next < 0) {
            next = literal(i, "true");
        }
        return next < 0 ? literal(i, "false") : next;
    }

    /**
     * Finds the end of the string that opens at {@code i}; returns the index past its closing quote, or -1
     * for anything a strict parser would refuse or decode differently (control characters, bytes past
     * ASCII, escapes other than the two-character ones).
     */
    private int string(int i) {
        int k = i + 1;
        escaped = false;
        ascii = true;
        while (k < end) {
            k = ByteScan.stringStop(b, k, end);
            if (k == end) {
                return -1;
            }
            byte c = b[k];
            if (c == '"') {
                stringStart = i + 1;
                stringEnd = k;
                return k + 1;
            }
            if (c < 0) {
                ascii = false;
                k = utf8(k);
                if (k < 0) {
                    return -1;
                }
            } else if (c < 0x20) {
                return -1;
            } else if (c == '\\') {
                if (k + 1 >= end || unescaped(b[k + 1]) < 0) {
                    return -1;
                }
                escaped = true;
                k += 2;
            } else {
                k++;
            }
        }
        return -1;
    }

    /**
     * Past one well-formed UTF-8 sequence of two to four bytes (RFC 3629: no overlong forms, no
     * surrogates, nothing past U+10FFFF), or -1: anything else is for Jackson to accept or refuse.
     */
    private int utf8(int k) {
        int lead = b[k] & 0xff;
        int count;
        int min;
        if (lead >= 0xc2 && lead <= 0xdf) {
            count = 1;
            min = 0x80;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            count = 2;
            min = 0x800;
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            count = 3;
            min = 0x10000;
        } else {
            return -1;
        }
        if (k + count >= end) {
            return -1;
        }
        int code = lead & (0x3f >> count);
        for (int n = 1; n <= count; n++) {
            int next = b[k + n] & 0xff;
            if ((next & 0xc0) != 0x80) {
                return -1;
            }
            code = code << 6 | (next & 0x3f);
        }
        if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
            return -1;
        }
        return k + count + 1;
    }

    private String unescape() {
        if (scratch.length < stringEnd - stringStart) {
            scratch = new byte[Math.max(stringEnd - stringStart, scratch.length * 2)];
        }
        int n = 0;
        for (int k = stringStart; k < stringEnd; k++) {
            byte c = b[k];
            scratch[n++] = c == '\\' ? (byte) unescaped(b[++k]) : c;
        }
        return decode(scratch, 0, n);
    }

    private String decode(byte[] bytes, int from, int length) {
        return ascii ? new String(bytes, from, length, StandardCharsets.ISO_8859_1)
                : new String(bytes, from, length, StandardCharsets.UTF_8);
    }

    /** The character a two-character escape stands for, or -1 (including backslash-u, left to Jackson). */
    private static int unescaped(byte c) {
        return switch (c) {
            case '"', '\\', '/' -> c;
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            default -> -1;
        };
    }

    /** A JSON number ({@code -?(0|[1-9]d*)(.d+)?([eE][+-]?d+)?}) of at most 19 characters, or -1. */
    private int number(int i) {
        int k = i;
        if (b[k] == '-') {
            k++;
        }
        int digits = k;
        while (k < end && b[k] >= '0' && b[k] <= '9') {
            k++;
        }
        if (k == digits || (b[digits] == '0' && k - digits > 1)) {
            return -1;
        }
        if (k < end && b[k] == '.') {
            int fraction = ++k;
            while (k < end && b[k] >= '0' && b[k] <= '9') {
                k++;
            }
            if (k == fraction) {
                return -1;
            }
        }
        if (k < end && (b[k] == 'e' || b[k] == 'E')) {
            k++;
            if (k < end && (b[k] == '+' || b[k] == '-')) {
                k++;
            }
            int exponent = k;
            while (k < end && b[k] >= '0' && b[k] <= '9') {
                k++;
            }
            if (k == exponent) {
                return -1;
            }
        }
        return k - i > 19 ? -1 : k;
    }

    private int literal(int i, String word) {
        int length = word.length();
        if (i + length > end) {
            return -1;
        }
        for (int k = 0; k < length; k++) {
            if (b[i + k] != word.charAt(k)) {
                return -1;
            }
        }
        return i + length;
    }

    private int skipSpace(int i) {
        int k = i;
        while (k < end && (b[k] == ' ' || b[k] == '\t' || b[k] == '\n' || b[k] == '\r')) {
            k++;
        }
        return k;
    }
}
