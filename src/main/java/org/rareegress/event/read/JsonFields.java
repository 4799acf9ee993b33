package org.rareegress.event.read;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rareegress.event.Timestamps;
import org.rareegress.event.read.EventValidator.InvalidEventException;

/**
 * Typed reads of the fields of a parsed JSON record, for the tree-based readers (Sysmon, ECS). A path
 * {@code a.b.c} finds nested objects, dotted keys ({@code "a.b.c"}) and any mix of them, as shippers
 * write both. A present value of the wrong type is an error naming the field; absent and null are null.
 */
final class JsonFields {
    private JsonFields() {
    }

    /** The value at a dotted path, or null. */
    static JsonNode at(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode direct = node.get(path);
        if (direct != null) {
            return direct;
        }
        // Try each split of the path: "process.hash.md5" may be {"process":{"hash.md5":...}} and so on.
        int dot = path.indexOf('.');
        while (dot > 0) {
            JsonNode child = node.get(path.substring(0, dot));
            if (child != null && child.isObject()) {
                JsonNode found = at(child, path.substring(dot + 1));
                if (found != null) {
                    return found;
                }
            }
            dot = path.indexOf('.', dot + 1);
        }
        return null;
    }

    static boolean has(JsonNode node, String path) {
        JsonNode value = at(node, path);
        return value != null && !value.isNull();
    }

    /** A string field; an empty string is absent. */
    static String text(JsonNode node, String path, String label) {
        JsonNode value = at(node, path);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidEventException(label + " must be a string, got " + describe(value));
        }
        String text = value.textValue();
        return text.isEmpty() ? null : text;
    }

    /** A whole number written as a number or as digits (shippers do both), or -1 when absent. */
    static long number(JsonNode node, String path, String label, long max) {
        JsonNode value = at(node, path);
        if (value == null || value.isNull()) {
            return -1;
        }
        String text;
        if (value.isIntegralNumber()) {
            text = value.asText();
        } else if (value.isTextual()) {
            text = value.textValue().strip();
            if (text.isEmpty()) {
                return -1;
            }
        } else {
            throw new InvalidEventException(label + " must be a number, got " + describe(value));
        }
        if (text.length() > 19 || text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidEventException(label + " is not a whole number: '" + Timestamps.abbreviate(text) + "'");
        }
        long parsed = Long.parseLong(text);
        if (parsed > max) {
            throw new InvalidEventException(label + " is out of range: " + text + " (at most " + max + ")");
        }
        return parsed;
    }

    /** {@code true}/{@code false} as a boolean or a string in any case; null when absent. */
    static Boolean bool(JsonNode node, String path, String label) {
        JsonNode value = at(node, path);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual()) {
            switch (value.textValue().strip().toLowerCase(Locale.ROOT)) {
                case "true":
                    return Boolean.TRUE;
                case "false":
                    return Boolean.FALSE;
                default:
                    throw new InvalidEventException(label + " must be true or false, got '"
                            + Timestamps.abbreviate(value.textValue()) + "'");
            }
        }
        throw new InvalidEventException(label + " must be true or false, got " + describe(value));
    }

    /** A string or an array of strings, lower-cased; empty when absent. */
    static List<String> lowerList(JsonNode node, String path, String label) {
        JsonNode value = at(node, path);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (value.isTextual()) {
            return List.of(value.textValue().toLowerCase(Locale.ROOT));
        }
        if (!value.isArray()) {
            throw new InvalidEventException(label + " must be a string or an array of strings, got " + describe(value));
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw new InvalidEventException(label + " must hold strings, got " + describe(item));
            }
            items.add(item.textValue().toLowerCase(Locale.ROOT));
        }
        return items;
    }

    static String describe(JsonNode value) {
        if (value.isObject()) {
            return "an object";
        }
        if (value.isArray()) {
            return "an array";
        }
        if (value.isNumber()) {
            return "a number";
        }
        if (value.isBoolean()) {
            return "a boolean";
        }
        return value.isTextual() ? "a string" : value.getNodeType().toString().toLowerCase(Locale.ROOT);
    }

    /**
     * Checks a source field against the limit of the Defender field it becomes, so the reason names the
     * field the sender knows.
     */
    static String limit(String value, String label, int max) {
        if (value != null && value.length() > max) {
            throw new InvalidEventException(label + " is " + value.length() + " characters long (at most " + max + ")");
        }
        return value;
    }

    /** The process file name of an image path, within the identifier limit. */
    static String processName(String image, String label) {
        limit(image, label, EventValidator.MAX_TEXT_LENGTH);
        return limit(fileName(image), label + "'s file name", EventValidator.MAX_FILE_NAME_LENGTH);
    }

    /** The last segment of a Windows or POSIX path: the process file name. */
    static String fileName(String path) {
        int cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
        return path.substring(cut + 1);
    }

    /** {@code tcp} → {@code Tcp}, {@code udp} → {@code Udp}, as Defender writes them; other values as given. */
    static String protocol(String text) {
        if (text == null) {
            return null;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "tcp", "6" -> "Tcp";
            case "udp", "17" -> "Udp";
            default -> text;
        };
    }
}
