package org.rareegress.topology;

import org.rareegress.detect.Dimension;

/**
 * Keys of the {@link org.rareegress.detect.DimensionState}s kept in {@value Names#PROCESS_PREVALENCE_STORE}
 * next to the processes' (and of their entries in {@value Names#EXPIRY_SCHEDULE_STORE}):
 * {@code U+0001 dimension U+0001 process}. No process key holds a control character (input with one is
 * rejected), so the two kinds of key never meet, and a store without refined dimensions is exactly as before.
 */
final class DimensionKeys {
    private static final char MARK = '\u0001';

    private DimensionKeys() {
    }

    static String of(Dimension dimension, String process) {
        return MARK + dimension.key() + MARK + process;
    }

    static boolean isDimensionKey(String key) {
        return !key.isEmpty() && key.charAt(0) == MARK;
    }

    static Dimension dimension(String key) {
        int second = key.indexOf(MARK, 1);
        return Dimension.byKey(key.substring(1, second)).orElseThrow(
                () -> new IllegalStateException("unknown dimension in state key " + key.substring(1, second)));
    }

    static String process(String key) {
        return key.substring(key.indexOf(MARK, 1) + 1);
    }
}
