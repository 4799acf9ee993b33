package org.rareegress.config;

import java.time.Duration;

/**
 * The prevalence model: window {@code W}, threshold {@code N}, warm-up, the per-process evidence cap,
 * and the disorder {@code D} each source may have before its events are processed out of event-time
 * order. Times are kept in nanoseconds because MDE timestamps carry 100 ns ticks.
 */
public record DetectorSettings(Duration window, int threshold, Duration warmup, int evidenceCap,
                               Duration confirmAfter, Duration maxOutOfOrderness) {
    public static final Duration DEFAULT_MAX_OUT_OF_ORDERNESS = Duration.ofMinutes(1);

    /**
     * A process's whole state is one changelog record, which Kafka caps at 1 MB: the threshold is the
     * number of devices it keeps (up to 1.5 KB each) and the cap the length of each evidence set (a
     * command line up to 3 KB). These maxima keep the worst case near 0.8 MB (ProcessStateWorstCaseTest).
     */
    public static final int MAX_THRESHOLD = 100;
    public static final int MAX_EVIDENCE_CAP = 128;

    /** With the default {@code detector.max-out-of-orderness}. */
    public DetectorSettings(Duration window, int threshold, Duration warmup, int evidenceCap, Duration confirmAfter) {
        this(window, threshold, warmup, evidenceCap, confirmAfter, DEFAULT_MAX_OUT_OF_ORDERNESS);
    }

    public long maxOutOfOrdernessNanos() {
        return maxOutOfOrderness.toNanos();
    }

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
