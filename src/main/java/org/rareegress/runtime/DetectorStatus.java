package org.rareegress.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.rareegress.event.Timestamps;
import org.rareegress.topology.DetectorMetrics;

/**
 * What {@code GET /status} says of this instance: where event-time order stands (the watermark, its lag
 * behind the newest event read and behind the wall clock, events held, sources not heard from or idle),
 * whether warm-up is over, and each stateful task's part. Times are ISO-8601, null when not known yet.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"State", "SemanticsVersion", "Watermark", "WatermarkLagSeconds", "WatermarkWallClockLagSeconds",
    "NewestEventTime", "StreamTime", "EventsHeld", "EventsOutOfOrder", "WarmupFrom", "Warmup", "WarmupOver",
    "WarmupRemaining", "Tasks"})
record DetectorStatus(
        @JsonProperty("State") String state,
        @JsonProperty("SemanticsVersion") long semanticsVersion,
        @JsonProperty("Watermark") String watermark,
        @JsonProperty("WatermarkLagSeconds") Double watermarkLagSeconds,
        @JsonProperty("WatermarkWallClockLagSeconds") Double watermarkWallClockLagSeconds,
        @JsonProperty("NewestEventTime") String newestEventTime,
        @JsonProperty("StreamTime") String streamTime,
        @JsonProperty("EventsHeld") long eventsHeld,
        @JsonProperty("EventsOutOfOrder") long eventsOutOfOrder,
        @JsonProperty("WarmupFrom") String warmupFrom,
        @JsonProperty("Warmup") String warmup,
        @JsonProperty("WarmupOver") boolean warmupOver,
        @JsonProperty("WarmupRemaining") String warmupRemaining,
        @JsonProperty("Tasks") List<Task> tasks) {

    /** One stateful task of this instance. */
    @JsonPropertyOrder({"Task", "Watermark", "StreamTime", "EventsHeld", "SourcesNotReported", "SourcesIdle"})
    record Task(@JsonProperty("Task") String task,
                @JsonProperty("Watermark") String watermark,
                @JsonProperty("StreamTime") String streamTime,
                @JsonProperty("EventsHeld") long held,
                @JsonProperty("SourcesNotReported") int unknownSources,
                @JsonProperty("SourcesIdle") int idleSources) {
    }

    static DetectorStatus of(String state, long semanticsVersion, DetectorMetrics metrics, Duration warmup, Clock clock) {
        Map<String, DetectorMetrics.OrderProgress> byTask = metrics.orderByTask();
        long watermark = metrics.watermark();
        long newest = metrics.newestEventTime();
        long streamTime = byTask.values().stream().mapToLong(DetectorMetrics.OrderProgress::streamTime).min()
                .orElse(Long.MIN_VALUE);
        long warmupFrom = byTask.values().stream().mapToLong(DetectorMetrics.OrderProgress::warmupFrom).min()
                .orElse(Long.MAX_VALUE);
        boolean known = streamTime != Long.MIN_VALUE && warmupFrom != Long.MAX_VALUE;
        long remaining = known ? Math.max(0, warmup.toNanos() - (streamTime - warmupFrom)) : warmup.toNanos();
        List<Task> tasks = byTask.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new Task(e.getKey(), time(e.getValue().watermark()), time(e.getValue().streamTime()),
                        e.getValue().held(), e.getValue().unknownSources(), e.getValue().idleSources()))
                .toList();
        boolean hasWatermark = isTime(watermark);
        return new DetectorStatus(state, semanticsVersion, time(watermark),
                hasWatermark && isTime(newest) ? Math.max(0, newest - watermark) / 1e9 : null,
                hasWatermark ? (clock.millis() * 1_000_000 - watermark) / 1e9 : null,
                time(newest), time(streamTime), metrics.eventsHeld(), metrics.outOfOrder(),
                warmupFrom == Long.MAX_VALUE ? null : time(warmupFrom), warmup.toString(), known && remaining == 0,
                Duration.ofNanos(remaining).toString(), tasks);
    }

    private static boolean isTime(long nanos) {
        return nanos != Long.MIN_VALUE && nanos != Long.MAX_VALUE;
    }

    private static String time(long nanos) {
        return isTime(nanos) ? Timestamps.format(nanos) : null;
    }
}
