package org.rareegress.allow;

import java.util.regex.Pattern;

/**
 * A {@code FolderPath} pattern: {@code *} matches any run of characters (path separators included), {@code ?}
 * one character, everything else itself, ignoring case (Windows paths). Java's glob {@code PathMatcher} is not
 * used: it takes {@code \} as an escape, and Defender folder paths are full of backslashes. Brackets and braces
 * are refused rather than taken literally, so that a rule written for a richer glob dialect fails loudly.
 */
public final class FolderGlob {
    private final String glob;
    private final Pattern pattern;

    private FolderGlob(String glob, Pattern pattern) {
        this.glob = glob;
        this.pattern = pattern;
    }

    static FolderGlob parse(String glob) throws BadRuleException {
        if (glob.isBlank()) {
            throw new BadRuleException("FolderPath: must not be empty");
        }
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '[' || c == ']' || c == '{' || c == '}') {
                throw new BadRuleException("FolderPath: '" + glob + "' is not a supported glob: '" + c + "' at position "
                        + (i + 1) + " (only * and ? are wildcards)");
            }
            if (c == '*' || c == '?') {
                flush(literal, regex);
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        flush(literal, regex);
        return new FolderGlob(glob, Pattern.compile(regex.toString(),
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL));
    }

    private static void flush(StringBuilder literal, StringBuilder regex) {
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
            literal.setLength(0);
        }
    }

    public boolean matches(String folderPath) {
        return pattern.matcher(folderPath).matches();
    }

    @Override
    public String toString() {
        return glob;
    }
}
