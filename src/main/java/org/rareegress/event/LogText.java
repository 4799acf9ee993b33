package org.rareegress.event;

/**
 * Text from input or stored state made safe for one log line. The readers reject C0 control characters in
 * names, but a name can come from state written before that check, from a record key anyone can set, and
 * DEL, the C1 controls (U+0085 is a line break to some viewers) and the Unicode line and paragraph
 * separators are kept in names because NTFS allows them. Each of those, and the backslash (so an escape in
 * the text cannot pass for one we wrote), is written as a Java escape: {@code a\u000Ab} for a line break.
 */
public final class LogText {
    private LogText() {
    }

    /** {@code text} with control characters, line separators and backslashes escaped; "null" for null. */
    public static String escape(String text) {
        if (text == null) {
            return "null";
        }
        int first = 0;
        while (first < text.length() && !needsEscape(text.charAt(first))) {
            first++;
        }
        if (first == text.length()) {
            return text;
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                escaped.append("\\\\");
            } else if (needsEscape(c)) {
                escaped.append(String.format("\\u%04X", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029' || c == '\\';
    }
}
