package org.rareegress.detect;

/**
 * Command lines as kept in a process's evidence: cut to {@value #MAX_CHARS} characters with a visible
 * marker. The malware being hunted writes its own command line (up to 32,767 characters), and a
 * process keeps up to {@code detector.evidence-cap} of them in one changelog record, which Kafka caps
 * at 1 MB. An alert's {@code Trigger} still carries the triggering event's full command line.
 */
public final class EvidenceText {
    public static final int MAX_CHARS = 1_024;

    private EvidenceText() {
    }

    /** {@code commandLine}, or its first {@value #MAX_CHARS} characters and how many more there were. */
    public static String commandLine(String commandLine) {
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
