package org.rareegress.config;

import java.time.Duration;

/**
 * The prevalence model: window {@code W}, threshold {@code N}, warm-up and the per-process
 * evidence cap. Times are kept in nanoseconds because MDE timestamps carry 100 ns ticks.
 */
public record DetectorSettings(Duration window, int threshold, Duration warmup, int evidenceCap,
                               Duration confirmAfter) {

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
