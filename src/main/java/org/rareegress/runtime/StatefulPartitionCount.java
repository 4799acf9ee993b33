package org.rareegress.runtime;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.rareegress.config.Settings;
import org.rareegress.topology.Names;

/**
 * How many partitions the stateful sub-topology has: those of its repartition topic, asked of the
 * cluster once and remembered (a topic's partition count does not change under a running application).
 */
final class StatefulPartitionCount implements IntSupplier, AutoCloseable {
    private final Settings settings;
    private Admin admin;
    private volatile int count;

    StatefulPartitionCount(Settings settings) {
        this.settings = settings;
    }

    @Override
    public int getAsInt() {
        if (count > 0) {
            return count;
        }
        String topic = settings.applicationId() + "-" + Names.REPARTITION_BY_PROCESS + "-repartition";
        try {
            synchronized (this) {
                if (admin == null) {
                    admin = Admin.create(KafkaClients.admin(settings));
                }
            }
            count = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic)
                    .partitions().size();
            return count;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // Unknown yet (the topic is made at the first rebalance): claim more than can be served.
            return Integer.MAX_VALUE;
        }
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
