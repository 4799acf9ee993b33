package org.rareegress.topology;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import org.rareegress.detect.AlertType;
import org.rareegress.detect.FilterOutcome;

/**
 * The detector's own counters, shared by the stream threads of one process. Plain Java so the
 * backtest summary and the Prometheus endpoint read the same numbers. Counts are of processing
 * work: after a crash, reprocessed records are counted again (the outputs are not repeated).
 */
public final class DetectorMetrics {
    private final LongAdder recordsRead = new LongAdder();
    private final LongAdder eventsRead = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder deadLettersSuppressed = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder late = new LongAdder();
    private final LongAdder afterAsOf = new LongAdder();
    private final LongAdder processingErrors = new LongAdder();
    private final LongAdder outputsDropped = new LongAdder();
    private final LongAdder statesDiscarded = new LongAdder();
    private final LongAdder processesEvicted = new LongAdder();
    private final LongAdder newRareSuppressed = new LongAdder();
    private final Map<FilterOutcome, LongAdder> outcomes = new EnumMap<>(FilterOutcome.class);
    private final Map<AlertType, LongAdder> alerts = new EnumMap<>(AlertType.class);
    private final LongAdder rowUpserts = new LongAdder();
    private final LongAdder rowTombstones = new LongAdder();
    private final LongAccumulator newestEventTime = new LongAccumulator(Math::max, Long.MIN_VALUE);
    private final LongAdder outOfOrder = new LongAdder();
    private final Map<String, OrderProgress> orderByTask = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> suppressedByRule = new ConcurrentHashMap<>();
    private final LongAdder badAllowlistRecords = new LongAdder();

    /**
     * Where the event-time order of one stateful task stands.
     *
     * @param watermark      events before this were processed in order (ns; MIN_VALUE before the first release)
     * @param held           kept events waiting for the watermark
     * @param unknownSources sources that have not reported yet (they hold the watermark back)
     * @param idleSources    sources reported idle or ended
     * @param warmupFrom     the earliest kept Timestamp of the whole input known to the task (ns; MAX_VALUE before any)
     * @param streamTime     where the task's clock stands (ns; MIN_VALUE before the first kept event)
     */
    public record OrderProgress(long watermark, long held, int unknownSources, int idleSources, long warmupFrom,
                                long streamTime) {
    }

    public DetectorMetrics() {
        for (FilterOutcome outcome : FilterOutcome.values()) {
            outcomes.put(outcome, new LongAdder());
        }
        for (AlertType type : AlertType.values()) {
            alerts.put(type, new LongAdder());
        }
    }

    void recordRead() {
        recordsRead.increment();
    }

    void eventRead(long timestampNanos) {
        eventsRead.increment();
        newestEventTime.accumulate(timestampNanos);
    }

    /** {@code count} events read, the newest at {@code newestNanos}. */
    void eventsRead(long count, long newestNanos) {
        eventsRead.add(count);
        newestEventTime.accumulate(newestNanos);
    }

    void recordsRead(long count) {
        recordsRead.add(count);
    }

    void countRejected() {
        rejected.increment();
    }

    void countDeadLettersSuppressed(long count) {
        deadLettersSuppressed.add(count);
    }

    void countSkipped() {
        skipped.increment();
    }

    void countAfterAsOf() {
        afterAsOf.increment();
    }

    void countLate() {
        late.increment();
    }

    void countOutOfOrder() {
        outOfOrder.increment();
    }

    void order(String task, OrderProgress progress) {
        orderByTask.put(task, progress);
    }

    void forgetOrder(String task) {
        orderByTask.remove(task);
    }

    /** A processor failed on a record; its dead letter is counted with {@link #countRejected()}. */
    void countProcessingError() {
        processingErrors.increment();
    }

    /** A stored process state could not be decoded and was discarded (or, by the table endpoint, skipped). */
    public void countStateDiscarded() {
        statesDiscarded.increment();
    }

    /** A tracked process was evicted to keep its task within detector.max-tracked-processes. */
    void countEvicted() {
        processesEvicted.increment();
    }

    /** A NEW_RARE alert was suppressed by alert-storm protection. */
    void countNewRareSuppressed() {
        newRareSuppressed.increment();
    }

    /** An output record the broker or producer refused (too large) was dropped. */
    void countOutputDropped() {
        outputsDropped.increment();
    }

    void outcome(FilterOutcome outcome) {
        outcomes.get(outcome).increment();
    }

    void outcomes(FilterOutcome outcome, long count) {
        outcomes.get(outcome).add(count);
    }

    void alert(AlertType type) {
        alerts.get(type).increment();
    }

    /** An alert the allowlist rule {@code ruleId} silenced. */
    void countSuppressed(String ruleId) {
        suppressedByRule.computeIfAbsent(ruleId, id -> new LongAdder()).increment();
    }

    /** A record of the allowlist topic that is not a usable rule, skipped. */
    void countBadAllowlistRecord() {
        badAllowlistRecords.increment();
    }

    void row(boolean tombstone) {
        (tombstone ? rowTombstones : rowUpserts).increment();
    }

    public long recordsRead() {
        return recordsRead.sum();
    }

    /** Events parsed successfully (an envelope counts each of its events). */
    public long eventsRead() {
        return eventsRead.sum();
    }

    public long kept() {
        return outcomes.get(FilterOutcome.KEPT).sum();
    }

    /** Everything sent to the dead-letter path: unreadable records and events, and incomplete candidates. */
    public long rejected() {
        return rejected.sum();
    }

    /**
     * Rejected items whose dead letters were not written: past {@code input.max-dead-letters-per-record} in one
     * record, each record's rest is only counted here and in one summary dead letter (itself in {@link #rejected()}).
     */
    public long deadLettersSuppressed() {
        return deadLettersSuppressed.sum();
    }

    /** Well-formed items that are not network events (other Defender tables). */
    public long skipped() {
        return skipped.sum();
    }

    /** Records a processor failed on unexpectedly, sent to the dead letters by the processing handler. */
    public long processingErrors() {
        return processingErrors.sum();
    }

    /** Output records (alerts, table rows, dead letters) dropped because Kafka refused them. */
    public long outputsDropped() {
        return outputsDropped.sum();
    }

    /** Stored process states that could not be decoded, discarded so their processes start afresh. */
    public long statesDiscarded() {
        return statesDiscarded.sum();
    }

    /** Processes whose state was evicted, least recently seen first, to keep a task within detector.max-tracked-processes. */
    public long processesEvicted() {
        return processesEvicted.sum();
    }

    /** NEW_RARE alerts alert-storm protection did not publish (each process once per storm window; see STORM alerts). */
    public long newRareSuppressed() {
        return newRareSuppressed.sum();
    }

    public long late() {
        return late.sum();
    }

    /** Kept events that arrived behind the released watermark and were processed at once, out of order. */
    public long outOfOrder() {
        return outOfOrder.sum();
    }

    /** Where each stateful task of this process stands in event-time order, by task id. */
    public Map<String, OrderProgress> orderByTask() {
        return Map.copyOf(orderByTask);
    }

    /** Kept events waiting for the watermark, over this process's stateful tasks. */
    public long eventsHeld() {
        return orderByTask.values().stream().mapToLong(OrderProgress::held).sum();
    }

    /**
     * The detector's watermark on this process: the lowest over its stateful tasks (ns); MIN_VALUE when
     * a task has released nothing yet, or when no stateful task runs here.
     */
    public long watermark() {
        return orderByTask.values().stream().mapToLong(OrderProgress::watermark).min().orElse(Long.MIN_VALUE);
    }

    /** Backtest only: events newer than {@code --as-of}, not processed. */
    public long afterAsOf() {
        return afterAsOf.sum();
    }

    public long dropped(FilterOutcome reason) {
        return outcomes.get(reason).sum();
    }

    public long alerts(AlertType type) {
        return alerts.get(type).sum();
    }

    public long rowUpserts() {
        return rowUpserts.sum();
    }

    public long rowTombstones() {
        return rowTombstones.sum();
    }

    /** The newest Timestamp of any event read, kept or not; MIN_VALUE before the first. */
    public long newestEventTime() {
        return newestEventTime.get();
    }

    /** Alerts silenced by each allowlist rule since this process started (rules that silenced none are absent). */
    public Map<String, Long> suppressedByRule() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        suppressedByRule.forEach((rule, count) -> counts.put(rule, count.sum()));
        return counts;
    }

    /** Alerts silenced by the allowlist, over every rule. */
    public long suppressed() {
        return suppressedByRule.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Records of the allowlist topic that were not usable rules (each read of one counts: restarts read them again). */
    public long badAllowlistRecords() {
        return badAllowlistRecords.sum();
    }
}
