package org.rareegress.config;

/** One effective configuration value and where it came from, for the start-up log. */
public record ConfigValue(String value, String source) {
}
