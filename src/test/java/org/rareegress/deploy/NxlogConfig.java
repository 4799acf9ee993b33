package org.rareegress.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reader of nxlog configuration files: {@code <Kind name>} blocks ({@code Extension}, {@code Input},
 * {@code Output}, {@code Route}) of {@code Directive value} lines; a nested block ({@code <QueryXML>}) is kept
 * as its raw text under its name. {@code #} starts a comment line.
 */
final class NxlogConfig {
    private static final Pattern OPEN = Pattern.compile("^<(\\w+)\\s+([^>]+)>$");
    private static final Pattern DIRECTIVE = Pattern.compile("^(\\w+)\\s+(.+)$");

    /** One block: its kind, name and directives (the last value of each). */
    record Block(String kind, String name, Map<String, String> directives) {
    }

    private NxlogConfig() {
    }

    static List<Block> parse(String text) {
        List<Block> blocks = new ArrayList<>();
        Block current = null;
        String nested = null;
        StringBuilder nestedText = new StringBuilder();
        for (String raw : text.lines().toList()) {
            String line = raw.strip();
            if (nested != null) {
                if (line.equals("</" + nested + ">")) {
                    current.directives().put(nested, nestedText.toString().strip());
                    nested = null;
                    nestedText.setLength(0);
                } else {
                    nestedText.append(line).append('\n');
                }
                continue;
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher open = OPEN.matcher(line);
            if (current == null) {
                if (!open.matches()) {
                    throw new IllegalArgumentException("expected a block, got: " + line);
                }
                current = new Block(open.group(1), open.group(2).strip(), new LinkedHashMap<>());
            } else if (line.equals("</" + current.kind() + ">")) {
                blocks.add(current);
                current = null;
            } else if (line.startsWith("<") && line.endsWith(">") && !line.startsWith("</")) {
                nested = line.substring(1, line.length() - 1).strip();
            } else {
                Matcher directive = DIRECTIVE.matcher(line);
                if (!directive.matches()) {
                    throw new IllegalArgumentException("not a directive: " + line);
                }
                current.directives().put(directive.group(1), directive.group(2).strip());
            }
        }
        if (current != null || nested != null) {
            throw new IllegalArgumentException("a block is never closed");
        }
        return blocks;
    }

    static Block block(List<Block> blocks, String kind, String name) {
        return blocks.stream().filter(b -> b.kind().equals(kind) && b.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no <" + kind + " " + name + "> block"));
    }
}
