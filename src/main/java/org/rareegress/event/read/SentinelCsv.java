package org.rareegress.event.read;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rows of a Sentinel / Log Analytics (or Defender portal) CSV export as the equivalent JSON row, so they
 * go through the same reader and topology as JSON input. The portal names time columns
 * {@code Timestamp [UTC]} and writes times as {@code 5/1/2024, 10:00:00.123 AM}; both become what the
 * JSON export has ({@code Timestamp}, ISO-8601 UTC). Empty cells are absent fields.
 */
public final class SentinelCsv {
    /** The portal's US-style date-time, with or without the comma, with 0 to 9 fractional digits. */
    private static final Pattern PORTAL_TIME = Pattern.compile(
            "(\\d{1,2})/(\\d{1,2})/(\\d{4}),? (\\d{1,2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))? ?([AaPp][Mm])");
    private static final Pattern UTC_SUFFIX = Pattern.compile("\\s*\\[UTC\\]$", Pattern.CASE_INSENSITIVE);
    private static final JsonFactory JSON = new JsonFactory();

    private SentinelCsv() {
    }

    /** A header cell as the JSON field name: without a byte-order mark, surrounding blanks or {@code [UTC]}. */
    public static String columnName(String header) {
        String name = header.startsWith("\uFEFF") ? header.substring(1) : header;
        return UTC_SUFFIX.matcher(name.strip()).replaceFirst("");
    }

    /** Whether a header row names the time columns of a DeviceNetworkEvents export. */
    public static boolean isHeader(List<String> cells) {
        return cells.stream().map(SentinelCsv::columnName)
                .anyMatch(name -> name.equals("Timestamp") || name.equals("TimeGenerated"));
    }

    /** The JSON row for one CSV row; {@code columns} are already {@link #columnName}s and as many as the cells. */
    public static byte[] toJson(List<String> columns, List<String> cells) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            for (int i = 0; i < columns.size(); i++) {
                String value = cells.get(i);
                if (value == null || value.isEmpty()) {
                    continue;
                }
                String column = columns.get(i);
                boolean time = column.equals("Timestamp") || column.equals("TimeGenerated");
                json.writeStringField(column, time ? isoTime(value) : value);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A portal time as ISO-8601 UTC; anything else as it is, for the reader to accept (ISO) or reject. */
    static String isoTime(String text) {
        Matcher m = PORTAL_TIME.matcher(text.strip());
        if (!m.matches()) {
            return text;
        }
        int month = Integer.parseInt(m.group(1));
        int day = Integer.parseInt(m.group(2));
        int hour = Integer.parseInt(m.group(4));
        boolean pm = m.group(8).toUpperCase(Locale.ROOT).equals("PM");
        if (hour < 1 || hour > 12 || month < 1 || month > 12 || day < 1 || day > 31) {
            return text;
        }
        int hour24 = hour % 12 + (pm ? 12 : 0);
        String fraction = m.group(7) == null ? "" : "." + m.group(7);
        return String.format(Locale.ROOT, "%s-%02d-%02dT%02d:%s:%s%sZ", m.group(3), month, day, hour24, m.group(5),
                m.group(6), fraction);
    }
}
