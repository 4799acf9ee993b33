package org.rareegress.event.read;

/**
 * Command lines as the input side keeps them in state (the Sysmon process store): cut to
 * {@value #MAX_CHARS} characters with a visible marker, exactly as the detector cuts those it keeps as
 * evidence ({@code detect.EvidenceText}; a test holds the two equal). A process writes its own command line,
 * up to 32,767 characters, and one whole in every remembered process creation would make an entry tens
 * of KB where it is typically half of one.
 */
public final class CommandLines {
    public static final int MAX_CHARS = 1_024;

    private CommandLines() {
    }

    /** {@code commandLine}, or its first {@value #MAX_CHARS} characters and how many more there were. */
    public static String cut(String commandLine) {
        if (commandLine == null || commandLine.length() <= MAX_CHARS) {
            return commandLine;
        }
        int end = MAX_CHARS;
        if (Character.isHighSurrogate(commandLine.charAt(end - 1))) {
            // Never keep half a surrogate pair: it would not survive UTF-8.
            end--;
        }
        return commandLine.substring(0, end) + "... [" + (commandLine.length() - end) + " more characters]";
    }
}
