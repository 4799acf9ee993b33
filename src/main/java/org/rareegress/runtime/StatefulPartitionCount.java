package org.rareegress.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.rareegress.config.Settings;
import org.rareegress.kafka.KafkaClients;
import org.rareegress.topology.Names;

/**
 * How many partitions the stateful sub-topology has: those of its repartition topic, asked of the
 * cluster and remembered (a topic's partition count does not change under a running application). A
 * failed question is remembered too, for {@code failureTtl}: with the broker down, every table request
 * would otherwise wait out the question's timeout again. One question at a time.
 */
final class StatefulPartitionCount implements IntSupplier, AutoCloseable {
    /** Not known (yet): more than can ever be served, so a table is never taken for whole. */
    static final int UNKNOWN = Integer.MAX_VALUE;
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration FAILURE_TTL = Duration.ofSeconds(5);

    private final Properties adminConfig;
    private final String topic;
    private final Duration askTimeout;
    private final long failureTtlNanos;
    private final LongSupplier nanoTime;
    private Admin admin;
    private volatile int count;
    private long failedAt;
    private boolean failed;

    StatefulPartitionCount(Settings settings) {
        this(KafkaClients.admin(settings), settings.applicationId() + "-" + Names.REPARTITION_BY_PROCESS + "-repartition",
                ASK_TIMEOUT, FAILURE_TTL, System::nanoTime);
    }

    StatefulPartitionCount(Properties adminConfig, String topic, Duration askTimeout, Duration failureTtl,
                           LongSupplier nanoTime) {
        this.adminConfig = adminConfig;
        this.topic = topic;
        this.askTimeout = askTimeout;
        this.failureTtlNanos = failureTtl.toNanos();
        this.nanoTime = nanoTime;
    }

    @Override
    public int getAsInt() {
        int known = count;
        if (known > 0) {
            return known;
        }
        synchronized (this) {
            if (count > 0) {
                return count;
            }
            if (failed && nanoTime.getAsLong() - failedAt < failureTtlNanos) {
                return UNKNOWN;
            }
            try {
                if (admin == null) {
                    admin = Admin.create(adminConfig);
                }
                count = admin.describeTopics(List.of(topic)).allTopicNames()
                        .get(askTimeout.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions().size();
                failed = false;
                return count;
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                // Unknown yet (the topic is made at the first rebalance), or the cluster is unreachable.
                failed = true;
                failedAt = nanoTime.getAsLong();
                return UNKNOWN;
            }
        }
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ZERO);
        }
    }
}
