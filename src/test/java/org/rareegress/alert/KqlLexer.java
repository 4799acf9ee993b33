package org.rareegress.alert;

import java.util.ArrayList;
import java.util.List;

/**
 * A lexer of the part of Kusto's query language (KQL) the hunt queries use, written from Kusto's documented
 * literal rules, to check generated queries without a Kusto cluster: double- and single-quoted strings with
 * backslash escapes ({@code \\ \" \' \t \n \r}; a raw line break ends nothing, it is an error), verbatim
 * strings ({@code @"..."}, a quote doubled), {@code datetime(...)} literals, {@code //} comments, names,
 * numbers and operators. It fails on anything it cannot read, so a query that breaks out of a literal shows up
 * either as different tokens or as an error.
 */
public final class KqlLexer {
    public enum Kind { NAME, NUMBER, STRING, DATETIME, OPERATOR, COMMENT }

    /** A token; for a STRING, {@code value} is the decoded string, for the rest the text. */
    public record Token(Kind kind, String value) {
    }

    private final String text;
    private int at;

    private KqlLexer(String text) {
        this.text = text;
    }

    public static List<Token> tokens(String query) {
        return new KqlLexer(query).all();
    }

    private List<Token> all() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
            if (at >= text.length()) {
                return tokens;
            }
            tokens.add(next());
        }
    }

    private Token next() {
        char c = text.charAt(at);
        if (c == '/' && peek(1) == '/') {
            int end = text.indexOf('\n', at);
            String comment = text.substring(at, end < 0 ? text.length() : end);
            at += comment.length();
            return new Token(Kind.COMMENT, comment);
        }
        if (c == '"' || c == '\'') {
            return quoted(c);
        }
        if (c == '@' && (peek(1) == '"' || peek(1) == '\'')) {
            at++;
            return verbatim(text.charAt(at));
        }
        if (Character.isLetter(c) || c == '_') {
            int start = at;
            while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
                at++;
            }
            String name = text.substring(start, at);
            if (name.equals("datetime") && peek(0) == '(') {
                int close = text.indexOf(')', at);
                if (close < 0) {
                    throw error("datetime( never closed");
                }
                String value = text.substring(at + 1, close).strip();
                at = close + 1;
                return new Token(Kind.DATETIME, value);
            }
            if (name.equals("in") && peek(0) == '~') {
                // in~: the case-insensitive in.
                at++;
                return new Token(Kind.OPERATOR, "in~");
            }
            return new Token(Kind.NAME, name);
        }
        if (Character.isDigit(c)) {
            int start = at;
            while (at < text.length() && (Character.isDigit(text.charAt(at)) || text.charAt(at) == '.')) {
                at++;
            }
            return new Token(Kind.NUMBER, text.substring(start, at));
        }
        for (String operator : List.of("!in", "==", "=~", "!=", "<=", ">=", "|", "(", ")", ",", "<", ">", "=", "!", "[", "]")) {
            if (text.startsWith(operator, at)) {
                at += operator.length();
                return new Token(Kind.OPERATOR, operator);
            }
        }
        throw error("unexpected character '" + c + "'");
    }

    private Token quoted(char quote) {
        StringBuilder value = new StringBuilder();
        at++;
        while (true) {
            if (at >= text.length()) {
                throw error("string literal never closed");
            }
            char c = text.charAt(at++);
            if (c == quote) {
                return new Token(Kind.STRING, value.toString());
            }
            if (c == '\n' || c == '\r') {
                throw error("a line break inside a string literal");
            }
            if (c == '\\') {
                if (at >= text.length()) {
                    throw error("an escape at the end of the query");
                }
                char escaped = text.charAt(at++);
                switch (escaped) {
                    case '\\', '"', '\'' -> value.append(escaped);
                    case 't' -> value.append('\t');
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    default -> throw error("unknown escape \\" + escaped);
                }
            } else {
                value.append(c);
            }
        }
    }

    private Token verbatim(char quote) {
        StringBuilder value = new StringBuilder();
        at++;
        while (true) {
            if (at >= text.length()) {
                throw error("verbatim literal never closed");
            }
            char c = text.charAt(at++);
            if (c == quote) {
                if (peek(0) == quote) {
                    value.append(quote);
                    at++;
                } else {
                    return new Token(Kind.STRING, value.toString());
                }
            } else {
                value.append(c);
            }
        }
    }

    private char peek(int ahead) {
        return at + ahead < text.length() ? text.charAt(at + ahead) : '\0';
    }

    private IllegalArgumentException error(String problem) {
        return new IllegalArgumentException(problem + " at " + at + " of: " + text);
    }
}
