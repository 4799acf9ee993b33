package org.rareegress.event.read;

import com.fasterxml.jackson.databind.JsonNode;
import org.rareegress.event.Timestamps;
import org.rareegress.event.read.EventValidator.InvalidEventException;

/** The event time of the tree-read formats, as ISO-8601 text for the validator, with errors naming the source field. */
final class EventTimes {
    private EventTimes() {
    }

    /**
     * Sysmon's own {@code UtcTime} when present (when the host saw the event), else the shipper's
     * {@code @timestamp}, else {@code TimeCreated}. UtcTime can be stale on network events (see
     * docs/input-formats.md); it is still the host's statement of when the connection happened.
     */
    static String sysmon(JsonNode root, JsonNode data) {
        String utcTime = JsonFields.text(data, "UtcTime", "UtcTime");
        if (utcTime != null) {
            return sysmonUtcTime(utcTime);
        }
        String shipped = JsonFields.text(root, "@timestamp", "@timestamp");
        if (shipped != null) {
            return iso(shipped, "@timestamp");
        }
        String created = JsonFields.text(root, "TimeCreated", "TimeCreated");
        if (created != null) {
            return iso(created, "TimeCreated");
        }
        throw new InvalidEventException("no event time: UtcTime, @timestamp and TimeCreated are all missing");
    }

    /** {@code 2022-07-05 02:00:36.123} (UTC, Sysmon's form) as {@code 2022-07-05T02:00:36.123Z}. */
    static String sysmonUtcTime(String text) {
        String iso = text.length() >= 19 && text.length() <= 29 && text.charAt(10) == ' ' && text.indexOf('Z') < 0
                ? text.substring(0, 10) + 'T' + text.substring(11) + 'Z'
                : text;
        try {
            Timestamps.parseNanos(iso);
            return iso;
        } catch (IllegalArgumentException e) {
            if (e.getMessage().contains("1970") || e.getMessage().contains("2262")) {
                throw new InvalidEventException(e.getMessage().replaceFirst("^Timestamp", "UtcTime"));
            }
            throw new InvalidEventException("UtcTime is not a Sysmon time (yyyy-MM-dd HH:mm:ss.fff, UTC): '"
                    + Timestamps.abbreviate(text) + "'");
        }
    }

    static String iso(String text, String field) {
        try {
            Timestamps.parseNanos(text);
            return text;
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException(e.getMessage().replaceFirst("^Timestamp", field));
        }
    }
}
