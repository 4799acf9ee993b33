package org.rareegress.config;

import java.time.Duration;

/**
 * The prevalence model: window {@code W}, threshold {@code N}, warm-up and the per-process
 * evidence cap. Times are kept in nanoseconds because MDE timestamps carry 100 ns ticks.
 */
public record DetectorSettings(Duration window, int threshold, Duration warmup, int evidenceCap,
                               Duration confirmAfter) {
    /**
     * A process's whole state is one changelog record, which Kafka caps at 1 MB: the threshold is the
     * number of devices it keeps (up to 1.5 KB each) and the cap the length of each evidence set (a
     * command line up to 3 KB). These maxima keep the worst case near 0.8 MB (ProcessStateWorstCaseTest).
     */
    public static final int MAX_THRESHOLD = 100;
    public static final int MAX_EVIDENCE_CAP = 128;

    public long windowNanos() {
        return window.toNanos();
    }

    public long warmupNanos() {
        return warmup.toNanos();
    }

    public long confirmAfterNanos() {
        return confirmAfter.toNanos();
    }
}
