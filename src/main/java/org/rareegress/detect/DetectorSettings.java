package org.rareegress.detect;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The prevalence model: window {@code W}, threshold {@code N}, warm-up, the per-process evidence cap,
 * and the disorder {@code D} each source may have before its events are processed out of event-time
 * order; and what bounds a task whatever its input: how many processes it tracks, and how many NEW_RARE
 * alerts it publishes in a storm window. Times are kept in nanoseconds because MDE timestamps carry 100 ns ticks.
 *
 * @param maxTrackedProcesses processes a task keeps state for at most; past it the least recently seen is evicted
 * @param stormThreshold      NEW_RARE alerts a task publishes in one storm window at most (0: no limit); the rest are
 *                            suppressed and named in one STORM alert when the window closes
 * @param stormWindow         the length of the storm windows (fixed windows of stream time, aligned on the epoch)
 */
public record DetectorSettings(Duration window, int threshold, Duration warmup, int evidenceCap,
                               Duration confirmAfter, Duration maxOutOfOrderness, List<Dimension> dimensions,
                               Map<Dimension, Duration> confirmAfterByDimension, int maxValuesPerProcess,
                               long maxTrackedProcesses, int stormThreshold, Duration stormWindow) {
    public static final Duration DEFAULT_MAX_OUT_OF_ORDERNESS = Duration.ofMinutes(1);
    public static final int DEFAULT_MAX_VALUES_PER_PROCESS = 16;
    public static final long DEFAULT_MAX_TRACKED_PROCESSES = 1_000_000;
    public static final int DEFAULT_STORM_THRESHOLD = 200;
    public static final Duration DEFAULT_STORM_WINDOW = Duration.ofMinutes(10);
    /**
     * The state of one (dimension, process) is one changelog record too: up to max-values-per-process + 1
     * values, each with N devices (up to 1.5 KB each) and evidence capped at {@link #REFINED_EVIDENCE_CAP}
     * (a command line up to 3 KB). This many bytes per value and threshold bound it below 1 MB.
     */
    public static final int REFINED_EVIDENCE_CAP = 4;
    public static final long REFINED_RECORD_BUDGET = 900 * 1024;

    public DetectorSettings {
        dimensions = List.copyOf(dimensions);
        confirmAfterByDimension = Map.copyOf(confirmAfterByDimension);
    }

    /** The seed's single dimension, {@code process}, with the default cap on values, process bound and storm protection. */
    public DetectorSettings(Duration window, int threshold, Duration warmup, int evidenceCap,
                            Duration confirmAfter, Duration maxOutOfOrderness) {
        this(window, threshold, warmup, evidenceCap, confirmAfter, maxOutOfOrderness, List.of(Dimension.PROCESS),
                Map.of(), DEFAULT_MAX_VALUES_PER_PROCESS);
    }

    /** These dimensions, with the default process bound and storm protection. */
    public DetectorSettings(Duration window, int threshold, Duration warmup, int evidenceCap, Duration confirmAfter,
                            Duration maxOutOfOrderness, List<Dimension> dimensions,
                            Map<Dimension, Duration> confirmAfterByDimension, int maxValuesPerProcess) {
        this(window, threshold, warmup, evidenceCap, confirmAfter, maxOutOfOrderness, dimensions, confirmAfterByDimension,
                maxValuesPerProcess, DEFAULT_MAX_TRACKED_PROCESSES, DEFAULT_STORM_THRESHOLD, DEFAULT_STORM_WINDOW);
    }

    /** Worst-case bytes of one (dimension, process) record with {@code values} values kept. */
    public static long refinedRecordBytes(int threshold, int values) {
        return (long) values * (threshold * 1536L + REFINED_EVIDENCE_CAP * (3072L + 64 + 16 + 16) + 256);
    }

    /** The dimensions beyond {@code process}, in the order configured. */
    public List<Dimension> refinedDimensions() {
        return dimensions.stream().filter(d -> d != Dimension.PROCESS).toList();
    }

    /** {@code alert.confirm-after.<dimension>}, else {@code alert.confirm-after}, in ns. */
    public long confirmAfterNanos(Dimension dimension) {
        return confirmAfterByDimension.getOrDefault(dimension, confirmAfter).toNanos();
    }

    /**
     * A process's whole state is one changelog record, which Kafka caps at 1 MB: the threshold is the
     * number of devices it keeps (up to 1.5 KB each) and the cap the length of each evidence set (a
     * command line up to 3 KB). These maxima keep the worst case near 0.8 MB (ProcessStateWorstCaseTest).
     */
    public static final int MAX_THRESHOLD = 100;
    public static final int MAX_EVIDENCE_CAP = 128;

    /** With the default {@code detector.max-out-of-orderness}, process bound and storm protection. */
    public DetectorSettings(Duration window, int threshold, Duration warmup, int evidenceCap, Duration confirmAfter) {
        this(window, threshold, warmup, evidenceCap, confirmAfter, DEFAULT_MAX_OUT_OF_ORDERNESS);
    }

    public long stormWindowNanos() {
        return stormWindow.toNanos();
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
        return confirmAfterNanos(Dimension.PROCESS);
    }
}
