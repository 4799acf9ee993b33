package org.rareegress.alert;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * KQL (Kusto) literals for queries built from alert content. Process names, device ids and networks come
 * from the input, so every string goes through {@link #string}: a quote or a backslash in a process name
 * must stay inside its literal, never end it.
 */
public final class Kql {
    /** Kusto's datetime has 100 ns ticks: seven fractional digits, always written. */
    private static final DateTimeFormatter DATETIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private Kql() {
    }

    /**
     * A double-quoted KQL string literal of {@code value}. The backslash escapes the enclosing quote, itself,
     * tab, line feed and carriage return (Kusto's documented escapes); nothing else needs escaping inside
     * double quotes. Other control characters cannot occur in the names this is used for (the readers
     * reject them) and are kept as they are.
     */
    public static String string(String value) {
        StringBuilder literal = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> literal.append("\\\"");
                case '\\' -> literal.append("\\\\");
                case '\t' -> literal.append("\\t");
                case '\n' -> literal.append("\\n");
                case '\r' -> literal.append("\\r");
                default -> literal.append(c);
            }
        }
        return literal.append('"').toString();
    }

    /** {@code ("a", "b")}: a list for {@code in}. */
    public static String stringList(Collection<String> values) {
        return values.stream().map(Kql::string).collect(Collectors.joining(", ", "(", ")"));
    }

    /** {@code datetime(2024-06-01T08:00:00.1234567Z)}: the instant, cut to Kusto's 100 ns ticks. */
    public static String datetime(Instant instant) {
        return "datetime(" + DATETIME.format(instant) + ")";
    }
}
