package org.rareegress.config;

/** The topics the detector reads and writes, by role. */
public record TopicNames(String input, String alerts, String rareProcesses, String deadLetter, String allowlist) {
}
