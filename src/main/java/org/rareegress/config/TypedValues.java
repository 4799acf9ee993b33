package org.rareegress.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Typed reads of the effective values, each failing with the key's name. */
record TypedValues(Map<String, ConfigValue> values) {
    /** Times are nanoseconds in a long (to 2262): longer durations would overflow, and mean nothing here. */
    private static final Duration MAX_DURATION = Duration.ofDays(100_000);

    String text(String key) {
        ConfigValue value = values.get(key);
        return value == null ? "" : value.value();
    }

    List<String> list(String key) {
        String text = text(key);
        if (text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    Set<String> nonEmptySet(String key) {
        List<String> items = list(key);
        if (items.isEmpty()) {
            throw new ConfigException(key, "must list at least one value");
        }
        return Set.copyOf(items);
    }

    boolean bool(String key) {
        String text = text(key).toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(key, "must be true or false, got '" + text(key) + "'");
        };
    }

    long integer(String key, long min, long max) {
        return integer(key, min, max, "");
    }

    /** As {@link #integer(String, long, long)}, with {@code why} appended to an out-of-range message. */
    long integer(String key, long min, long max, String why) {
        String text = text(key);
        try {
            long value = Long.parseLong(text);
            if (value < min || value > max) {
                throw new ConfigException(key, "must be from " + min + " to " + max + ", got " + value + why);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "must be a whole number, got '" + text + "'");
        }
    }

    Duration nonNegativeDuration(String key) {
        String text = text(key);
        try {
            Duration duration = Duration.parse(text);
            if (duration.isNegative()) {
                throw new ConfigException(key, "must not be negative, got " + text);
            }
            if (duration.compareTo(MAX_DURATION) > 0) {
                throw new ConfigException(key, "must be at most P100000D (about 273 years), got " + text);
            }
            return duration;
        } catch (DateTimeParseException e) {
            throw new ConfigException(key, "must be an ISO-8601 duration such as P30D or PT10M, got '" + text + "'");
        }
    }

    Duration positiveDuration(String key) {
        Duration duration = nonNegativeDuration(key);
        if (duration.isZero()) {
            throw new ConfigException(key, "must be longer than zero");
        }
        return duration;
    }

    Pattern optionalRegex(String key) {
        String text = text(key);
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw new ConfigException(key, "is not a valid regular expression: " + e.getDescription());
        }
    }

    Set<Integer> ports(String key) {
        Set<Integer> ports = new TreeSet<>();
        for (String item : list(key)) {
            try {
                int port = Integer.parseInt(item);
                if (port < 0 || port > 65535) {
                    throw new ConfigException(key, "ports run from 0 to 65535, got " + port);
                }
                ports.add(port);
            } catch (NumberFormatException e) {
                throw new ConfigException(key, "must list port numbers, got '" + item + "'");
            }
        }
        return Set.copyOf(ports);
    }

    Optional<Path> optionalPath(String key) {
        String text = text(key);
        return text.isEmpty() ? Optional.empty() : Optional.of(Path.of(text));
    }

    String topic(String key) {
        String name = text(key);
        if (!name.matches("[a-zA-Z0-9._-]{1,249}")) {
            throw new ConfigException(key, "is not a valid Kafka topic name: '" + name + "'");
        }
        return name;
    }
}
