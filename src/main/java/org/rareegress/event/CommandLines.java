package org.rareegress.event;

/**
 * Command lines as state keeps them: a process's evidence (detect) and the Sysmon process store (event.read),
 * cut to {@value #MAX_CHARS} characters with a visible marker. The malware being hunted writes its own command
 * line (up to 32,767 characters); a process keeps up to {@code detector.evidence-cap} of them in one changelog
 * record, which Kafka caps at 1 MB, and one whole in every remembered process creation would make an entry
 * tens of KB where it is typically half of one. An alert's {@code Trigger} still carries the triggering
 * event's full command line.
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
