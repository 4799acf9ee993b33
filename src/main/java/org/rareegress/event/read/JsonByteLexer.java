package org.rareegress.event.read;

import java.nio.charset.StandardCharsets;

/**
 * The JSON lexical pieces {@link FlatRowScanner} reads a row with, straight from the bytes: whitespace,
 * strings (with UTF-8 validation), numbers and literals. Each method takes the index a token starts at
 * and returns the index past it, or -1 for anything a strict parser would refuse or read differently,
 * which sends the record the Jackson way. A final class with plain fields: the scanner's calls inline.
 */
final class JsonByteLexer {
    private byte[] scratch = new byte[256];
    private byte[] b;
    private int end;
    /** Where the last string's content starts and ends (exclusive), and whether it held an escape. */
    int stringStart;
    int stringEnd;
    boolean escaped;
    /** Whether the last string was all ASCII (else well-formed UTF-8). */
    boolean ascii;

    /** Reads {@code record} from now on. */
    void reset(byte[] record) {
        b = record;
        end = record.length;
    }

    /** Skips and validates an unused field's value: a string, a JSON number or a literal; nesting is not ours. */
    int skipValue(int i) {
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
     * for anything a strict parser would refuse or decode differently (control characters, UTF-8 that is
     * malformed, overlong or encodes a surrogate, escapes other than the two-character ones).
     */
    int string(int i) {
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

    /** The content of the last string {@link #string} found, decoded as Jackson would. */
    String stringValue() {
        return value(stringStart, stringEnd, escaped, ascii);
    }

    /** The content of a string found earlier in this record, from where it lay and what {@link #string} saw in it. */
    String value(int from, int to, boolean hasEscape, boolean allAscii) {
        return hasEscape ? unescape(from, to, allAscii) : decode(b, from, to - from, allAscii);
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

    private String unescape(int from, int to, boolean allAscii) {
        if (scratch.length < to - from) {
            scratch = new byte[Math.max(to - from, scratch.length * 2)];
        }
        int n = 0;
        for (int k = from; k < to; k++) {
            byte c = b[k];
            scratch[n++] = c == '\\' ? (byte) unescaped(b[++k]) : c;
        }
        return decode(scratch, 0, n, allAscii);
    }

    private static String decode(byte[] bytes, int from, int length, boolean allAscii) {
        return allAscii ? new String(bytes, from, length, StandardCharsets.ISO_8859_1)
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

    int literal(int i, String word) {
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

    int skipSpace(int i) {
        int k = i;
        while (k < end && (b[k] == ' ' || b[k] == '\t' || b[k] == '\n' || b[k] == '\r')) {
            k++;
        }
        return k;
    }
}
