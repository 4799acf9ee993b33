package org.rareegress.topology;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.rareegress.detect.Alert;
import org.rareegress.detect.AlertType;
import org.rareegress.detect.Dimension;
import org.rareegress.detect.DimensionTracker;
import org.rareegress.detect.HuntRow;
import org.rareegress.detect.StormAlert;

/**
 * Where the trackers' decisions go: alerts and table rows forwarded downstream (and counted), held NEW_RARE
 * alerts into the {@link ExpirySchedule}, and each NEW_RARE about to be published past the task's
 * {@link StoredAlertStorm}, whose closing windows forward their one STORM alert.
 */
final class TrackerOutputs implements DimensionTracker.Output {
    private final ProcessorContext<String, DetectorOutput> context;
    private final DetectorMetrics metrics;
    private final ExpirySchedule schedule;
    private final StoredAlertStorm storm;
    /**
     * Kafka timestamp (ms) of the outputs: the one of the record being processed, never an event time.
     * Brokers reject CreateTime records stamped more than an hour ahead (changelogs use CreateTime), and
     * event time is already in the JSON (DetectedAt, Trigger.Timestamp, LastSeen).
     */
    private long outputTime;

    TrackerOutputs(ProcessorContext<String, DetectorOutput> context, DetectorMetrics metrics, ExpirySchedule schedule,
                   StoredAlertStorm storm) {
        this.context = context;
        this.metrics = metrics;
        this.schedule = schedule;
        this.storm = storm;
    }

    /** The outputs from here on answer the record stamped {@code timestamp}. */
    void stampWith(long timestamp) {
        outputTime = timestamp;
    }

    /** Stream time moved to {@code now}: a storm window that closed before it forwards its STORM alert. */
    void advanceStormTo(long now) {
        storm.advance(now, this::storm);
    }

    @Override
    public void alert(Alert alert) {
        metrics.alert(alert.type());
        context.forward(new Record<>(alert.process(), new DetectorOutput.AlertOut(alert), outputTime));
    }

    @Override
    public void row(String process, HuntRow row) {
        metrics.row(row == null);
        context.forward(new Record<>(process, new DetectorOutput.RowOut(row), outputTime));
    }

    @Override
    public void confirmAt(Dimension dimension, String process, long dueAt) {
        schedule.add(new ScheduleKey(dueAt, ScheduleKey.Kind.CONFIRM, DimensionKeys.of(dimension, process)));
    }

    @Override
    public void confirmAt(String process, long dueAt) {
        schedule.add(new ScheduleKey(dueAt, ScheduleKey.Kind.CONFIRM, process));
    }

    @Override
    public long newRareSuppressedUntil(String process, long at) {
        long until = storm.admit(process, at, this::storm);
        if (until != Long.MIN_VALUE) {
            metrics.countNewRareSuppressed();
        }
        return until;
    }

    /** A storm window closed having suppressed NEW_RARE alerts: its one STORM alert. */
    private void storm(StormAlert alert) {
        metrics.alert(AlertType.STORM);
        context.forward(new Record<>(null, new DetectorOutput.StormOut(alert), outputTime));
    }
}
