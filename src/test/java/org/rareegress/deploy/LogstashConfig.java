package org.rareegress.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reader of Logstash pipeline files as far as the examples use the language: sections ({@code input},
 * {@code filter}, {@code output}) of plugins, each with {@code name => value} settings whose values are quoted
 * strings, bare words, numbers, arrays and hashes; {@code #} comments. Anything else fails, naming the offset.
 */
final class LogstashConfig {
    /** One plugin of a section: its name and settings (String, List or Map values). */
    record Plugin(String name, Map<String, Object> settings) {
    }

    private final String text;
    private int at;

    private LogstashConfig(String text) {
        this.text = text;
    }

    static Map<String, List<Plugin>> parse(String text) {
        return new LogstashConfig(text).sections();
    }

    private Map<String, List<Plugin>> sections() {
        Map<String, List<Plugin>> sections = new LinkedHashMap<>();
        while (skip()) {
            String section = word();
            expect('{');
            List<Plugin> plugins = new ArrayList<>();
            while (skip() && peek() != '}') {
                String name = word();
                expect('{');
                plugins.add(new Plugin(name, settings('}')));
            }
            expect('}');
            sections.put(section, plugins);
        }
        return sections;
    }

    private Map<String, Object> settings(char close) {
        Map<String, Object> settings = new LinkedHashMap<>();
        while (skip() && peek() != close) {
            String name = peek() == '"' ? quoted() : word();
            skip();
            if (!text.startsWith("=>", at)) {
                throw error("expected => after " + name);
            }
            at += 2;
            settings.put(name, value());
        }
        expect(close);
        return settings;
    }

    private Object value() {
        skip();
        char c = peek();
        if (c == '"' || c == '\'') {
            return quoted();
        }
        if (c == '[') {
            at++;
            List<Object> values = new ArrayList<>();
            while (skip() && peek() != ']') {
                values.add(value());
                skip();
                if (peek() == ',') {
                    at++;
                }
            }
            expect(']');
            return values;
        }
        if (c == '{') {
            at++;
            return settings('}');
        }
        return word();
    }

    private String quoted() {
        char quote = text.charAt(at++);
        StringBuilder value = new StringBuilder();
        while (at < text.length() && text.charAt(at) != quote) {
            if (text.charAt(at) == '\\' && at + 1 < text.length()) {
                at++;
            }
            value.append(text.charAt(at++));
        }
        expect(quote);
        return value.toString();
    }

    private String word() {
        skip();
        int start = at;
        while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || "_-.@".indexOf(text.charAt(at)) >= 0)) {
            at++;
        }
        if (start == at) {
            throw error("expected a name");
        }
        return text.substring(start, at);
    }

    /** Skips blanks and comments; false at the end of the text. */
    private boolean skip() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == '#') {
                while (at < text.length() && text.charAt(at) != '\n') {
                    at++;
                }
            } else if (Character.isWhitespace(c)) {
                at++;
            } else {
                return true;
            }
        }
        return false;
    }

    private char peek() {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private void expect(char c) {
        skip();
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        at++;
    }

    private IllegalArgumentException error(String problem) {
        return new IllegalArgumentException(problem + " at offset " + at);
    }
}
