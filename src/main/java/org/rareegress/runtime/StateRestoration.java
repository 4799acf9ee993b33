package org.rareegress.runtime;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StandbyUpdateListener;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.processor.TaskId;

/**
 * How far this instance's stores are from their changelogs: every active store partition being restored
 * (records restored and still to restore, by changelog offsets) and how far each standby copy trails.
 * Kafka Streams calls it from its restoring threads; it only records numbers, so it never slows them.
 */
final class StateRestoration implements StateRestoreListener, StandbyUpdateListener {
    private final Map<Key, Restore> restoring = new ConcurrentHashMap<>();
    private final Map<Key, Long> standbyLag = new ConcurrentHashMap<>();
    private final LongAdder restoresDone = new LongAdder();

    /** A store's partition: the changelog partition is the task's. */
    record Key(String store, int partition) {
        static Key of(String store, TopicPartition changelog) {
            return new Key(store, changelog.partition());
        }
    }

    /**
     * One restore under way: changelog offsets from {@code start} to {@code end} (exclusive), read up to
     * {@code position}. Offsets count transaction markers too, so the remaining count is an upper bound.
     */
    record Restore(String store, int partition, long start, long end, long position, long restored) {
        long remaining() {
            return Math.max(0, end - position);
        }

        long total() {
            return Math.max(0, end - start);
        }
    }

    /** One standby store partition and how many changelog records it trails the end by. */
    record StandbyLag(String store, int partition, long lag) {
    }

    @Override
    public void onRestoreStart(TopicPartition changelog, String store, long startingOffset, long endingOffset) {
        restoring.put(Key.of(store, changelog),
                new Restore(store, changelog.partition(), startingOffset, endingOffset, startingOffset, 0));
    }

    @Override
    public void onBatchRestored(TopicPartition changelog, String store, long batchEndOffset, long numRestored) {
        restoring.computeIfPresent(Key.of(store, changelog), (key, restore) -> new Restore(restore.store(),
                restore.partition(), restore.start(), restore.end(), Math.max(restore.position(), batchEndOffset + 1),
                restore.restored() + numRestored));
    }

    @Override
    public void onRestoreEnd(TopicPartition changelog, String store, long totalRestored) {
        if (restoring.remove(Key.of(store, changelog)) != null) {
            restoresDone.increment();
        }
    }

    @Override
    public void onRestoreSuspended(TopicPartition changelog, String store, long totalRestored) {
        restoring.remove(Key.of(store, changelog));
    }

    @Override
    public void onUpdateStart(TopicPartition changelog, String store, long startingOffset) {
        standbyLag.putIfAbsent(Key.of(store, changelog), 0L);
    }

    @Override
    public void onBatchLoaded(TopicPartition changelog, String store, TaskId task, long batchEndOffset, long batchSize,
                              long currentEndOffset) {
        standbyLag.put(Key.of(store, changelog), Math.max(0, currentEndOffset - (batchEndOffset + 1)));
    }

    @Override
    public void onUpdateSuspended(TopicPartition changelog, String store, long storeOffset, long currentEndOffset,
                                  SuspendReason reason) {
        standbyLag.remove(Key.of(store, changelog));
    }

    /** The restores under way, by store then partition. */
    List<Restore> restoring() {
        return restoring.values().stream()
                .sorted(Comparator.comparing(Restore::store).thenComparingInt(Restore::partition)).toList();
    }

    /** Changelog records the restores under way still have to read (an upper bound: markers count). */
    long remaining() {
        return restoring.values().stream().mapToLong(Restore::remaining).sum();
    }

    /** Restores that have completed since start. */
    long restoresDone() {
        return restoresDone.sum();
    }

    List<StandbyLag> standbys() {
        return standbyLag.entrySet().stream()
                .map(e -> new StandbyLag(e.getKey().store(), e.getKey().partition(), e.getValue()))
                .sorted(Comparator.comparing(StandbyLag::store).thenComparingInt(StandbyLag::partition)).toList();
    }

    /** The most any standby store partition trails its changelog by (0 with none). */
    long maxStandbyLag() {
        return standbyLag.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }
}
