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
 * whether warm-up is over, and each stateful task's part; then where the instance itself stands: its
 * {@code Phase} at a glance, how far its consumer is behind the input, its active and standby tasks, the
 * state restores under way and how far its standbys trail, every instance of the application, and the rarity
 * dimensions it tracks (the web view's tabs). Times
 * are ISO-8601, null when not known yet.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"State", "SemanticsVersion", "Watermark", "WatermarkLagSeconds", "WatermarkWallClockLagSeconds",
    "NewestEventTime", "StreamTime", "EventsHeld", "EventsOutOfOrder", "WarmupFrom", "Warmup", "WarmupOver",
    "WarmupRemaining", "Tasks", "Phase", "InputLagRecords", "ActiveTasks", "StandbyTasks", "Restoring",
    "RestoreRemainingRecords", "StandbyLag", "Instances", "Dimensions"})
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
        @JsonProperty("Tasks") List<Task> tasks,
        @JsonProperty("Phase") Phase phase,
        @JsonProperty("InputLagRecords") Long inputLagRecords,
        @JsonProperty("ActiveTasks") List<String> activeTasks,
        @JsonProperty("StandbyTasks") List<String> standbyTasks,
        @JsonProperty("Restoring") List<Restoring> restoring,
        @JsonProperty("RestoreRemainingRecords") long restoreRemainingRecords,
        @JsonProperty("StandbyLag") List<Standby> standbyLag,
        @JsonProperty("Instances") List<Instance> instances,
        @JsonProperty("Dimensions") List<String> dimensions) {

    /** More input records than this still to read on this instance is "behind" (a rule of thumb; the number is shown). */
    static final long BEHIND_RECORDS = 10_000;

    /**
     * Where the instance stands, at a glance, in this order: restoring state; not running (the Kafka
     * Streams state says why: starting, rebalancing, stopping, failed); warming up (no alerts yet); behind
     * its input by more than {@link #BEHIND_RECORDS} records; caught up.
     */
    enum Phase { RESTORING, NOT_RUNNING, WARMING_UP, BEHIND, CAUGHT_UP }

    /** One store partition being restored from its changelog (offsets; markers count, so an upper bound). */
    @JsonPropertyOrder({"Store", "Partition", "RestoredRecords", "RemainingRecords", "TotalRecords"})
    record Restoring(@JsonProperty("Store") String store,
                     @JsonProperty("Partition") int partition,
                     @JsonProperty("RestoredRecords") long restored,
                     @JsonProperty("RemainingRecords") long remaining,
                     @JsonProperty("TotalRecords") long total) {
    }

    /** One standby store partition and how many changelog records it trails by. */
    @JsonPropertyOrder({"Store", "Partition", "LagRecords"})
    record Standby(@JsonProperty("Store") String store,
                   @JsonProperty("Partition") int partition,
                   @JsonProperty("LagRecords") long lag) {
    }

    /** One instance of the application and the hunt table's partitions it holds. */
    @JsonPropertyOrder({"Host", "Self", "ActivePartitions", "StandbyPartitions"})
    record Instance(@JsonProperty("Host") String host,
                    @JsonProperty("Self") boolean self,
                    @JsonProperty("ActivePartitions") List<Integer> active,
                    @JsonProperty("StandbyPartitions") List<Integer> standby) {
    }

    /** What the Kafka Streams client says of this instance beside the detector's own counters. */
    record Runtime(List<String> activeTasks, List<String> standbyTasks, Long inputLag,
                   List<StateRestoration.Restore> restoring, List<StateRestoration.StandbyLag> standbys,
                   List<Assignment.Instance> instances) {
    }

    /** One stateful task of this instance. */
    @JsonPropertyOrder({"Task", "Watermark", "StreamTime", "EventsHeld", "SourcesNotReported", "SourcesIdle"})
    record Task(@JsonProperty("Task") String task,
                @JsonProperty("Watermark") String watermark,
                @JsonProperty("StreamTime") String streamTime,
                @JsonProperty("EventsHeld") long held,
                @JsonProperty("SourcesNotReported") int unknownSources,
                @JsonProperty("SourcesIdle") int idleSources) {
    }

    /** @param dimensions the rarity dimensions this detector tracks ({@code detector.dimensions}), the table's tabs */
    static DetectorStatus of(String state, long semanticsVersion, DetectorMetrics metrics, Duration warmup, Clock clock,
                             Runtime runtime, List<String> dimensions) {
        Map<String, DetectorMetrics.OrderProgress> byTask = metrics.orderByTask();
        long watermark = metrics.watermark();
        long newest = metrics.newestEventTime();
        long streamTime = byTask.values().stream().mapToLong(DetectorMetrics.OrderProgress::streamTime).min()
                .orElse(Long.MIN_VALUE);
        long warmupFrom = byTask.values().stream().mapToLong(DetectorMetrics.OrderProgress::warmupFrom).min()
                .orElse(Long.MAX_VALUE);
        boolean known = streamTime != Long.MIN_VALUE && warmupFrom != Long.MAX_VALUE;
        long remaining = warmupRemaining(metrics, warmup).toNanos();
        List<Task> tasks = byTask.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new Task(e.getKey(), time(e.getValue().watermark()), time(e.getValue().streamTime()),
                        e.getValue().held(), e.getValue().unknownSources(), e.getValue().idleSources()))
                .toList();
        boolean hasWatermark = isTime(watermark);
        boolean warmupOver = known && remaining == 0;
        List<Restoring> restoring = runtime.restoring().stream()
                .map(r -> new Restoring(r.store(), r.partition(), r.restored(), r.remaining(), r.total())).toList();
        return new DetectorStatus(state, semanticsVersion, time(watermark),
                hasWatermark && isTime(newest) ? Math.max(0, newest - watermark) / 1e9 : null,
                hasWatermark ? (clock.millis() * 1_000_000 - watermark) / 1e9 : null,
                time(newest), time(streamTime), metrics.eventsHeld(), metrics.outOfOrder(),
                warmupFrom == Long.MAX_VALUE ? null : time(warmupFrom), warmup.toString(), warmupOver,
                Duration.ofNanos(remaining).toString(), tasks,
                phase(state, !restoring.isEmpty(), warmupOver, runtime.inputLag()), runtime.inputLag(),
                runtime.activeTasks(), runtime.standbyTasks(), restoring,
                restoring.stream().mapToLong(Restoring::remaining).sum(),
                runtime.standbys().stream().map(s -> new Standby(s.store(), s.partition(), s.lag())).toList(),
                runtime.instances().stream().map(i -> new Instance(i.host(), i.self(), List.copyOf(i.active()),
                        List.copyOf(i.standby()))).toList(),
                List.copyOf(dimensions));
    }

    static Phase phase(String state, boolean restoring, boolean warmupOver, Long inputLag) {
        if (restoring) {
            return Phase.RESTORING;
        }
        if (!"RUNNING".equals(state)) {
            return Phase.NOT_RUNNING;
        }
        if (!warmupOver) {
            return Phase.WARMING_UP;
        }
        return inputLag != null && inputLag > BEHIND_RECORDS ? Phase.BEHIND : Phase.CAUGHT_UP;
    }

    /** Warm-up still to go on this instance (event time), or the whole warm-up before anything is known. */
    static Duration warmupRemaining(DetectorMetrics metrics, Duration warmup) {
        Map<String, DetectorMetrics.OrderProgress> byTask = metrics.orderByTask();
        long streamTime = byTask.values().stream().mapToLong(DetectorMetrics.OrderProgress::streamTime).min()
                .orElse(Long.MIN_VALUE);
        long warmupFrom = byTask.values().stream().mapToLong(DetectorMetrics.OrderProgress::warmupFrom).min()
                .orElse(Long.MAX_VALUE);
        boolean known = streamTime != Long.MIN_VALUE && warmupFrom != Long.MAX_VALUE;
        return known ? Duration.ofNanos(Math.max(0, warmup.toNanos() - (streamTime - warmupFrom))) : warmup;
    }

    private static boolean isTime(long nanos) {
        return nanos != Long.MIN_VALUE && nanos != Long.MAX_VALUE;
    }

    private static String time(long nanos) {
        return isTime(nanos) ? Timestamps.format(nanos) : null;
    }
}
