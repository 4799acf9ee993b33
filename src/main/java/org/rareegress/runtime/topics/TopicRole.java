package org.rareegress.runtime.topics;

import java.util.Arrays;
import java.util.Optional;
import org.rareegress.config.TopicNames;

/** The topics by role: each has a definition file {@code topics/<file name>.properties}. */
public enum TopicRole {
    INPUT("input"),
    ALERTS("alerts"),
    RARE_PROCESSES("rare-processes"),
    DEAD_LETTER("dead-letter"),
    ALLOWLIST("allowlist");

    private final String fileName;

    TopicRole(String fileName) {
        this.fileName = fileName;
    }

    /** The definition file's base name, also the role's name in messages. */
    public String fileName() {
        return fileName;
    }

    /** The configured topic name of this role ({@code topic.*} keys). */
    public String topicName(TopicNames names) {
        return switch (this) {
            case INPUT -> names.input();
            case ALERTS -> names.alerts();
            case RARE_PROCESSES -> names.rareProcesses();
            case DEAD_LETTER -> names.deadLetter();
            case ALLOWLIST -> names.allowlist();
        };
    }

    static Optional<TopicRole> byFileName(String name) {
        return Arrays.stream(values()).filter(role -> role.fileName.equals(name)).findFirst();
    }
}
