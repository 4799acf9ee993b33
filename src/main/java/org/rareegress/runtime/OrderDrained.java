package org.rareegress.runtime;

import java.util.Map;
import org.rareegress.topology.DetectorMetrics;

/** Whether the stateful tasks of a process have processed everything their sources delivered. */
public final class OrderDrained {
    private OrderDrained() {
    }

    /**
     * True when this process runs {@code tasks} stateful tasks, each of which has heard every one of
     * {@code sources} sources report idle or ended, and holds no event: everything read has been processed.
     */
    public static boolean everySourceEnded(DetectorMetrics metrics, int tasks, int sources) {
        Map<String, DetectorMetrics.OrderProgress> byTask = metrics.orderByTask();
        return byTask.size() == tasks && byTask.values().stream()
                .allMatch(task -> task.held() == 0 && task.unknownSources() == 0 && task.idleSources() == sources);
    }

    /** As {@link #everySourceEnded(DetectorMetrics, int, int)} with one stateful task per source (one partition each). */
    public static boolean everySourceEnded(DetectorMetrics metrics, int partitions) {
        return everySourceEnded(metrics, partitions, partitions);
    }
}
