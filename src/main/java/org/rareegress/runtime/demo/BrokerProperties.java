package org.rareegress.runtime.demo;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server configuration of {@link LocalKafka}: one KRaft node that is both broker and controller, on
 * 127.0.0.1, tuned so that a single node can run exactly-once Kafka Streams and starts in seconds.
 */
final class BrokerProperties {
    static final int NODE_ID = 1;
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String HOST = "127.0.0.1";

    private BrokerProperties() {
    }

    static Map<String, String> of(Path logDir, int brokerPort, int controllerPort) {
        Map<String, String> p = new LinkedHashMap<>();
        // Combined mode with a static one-voter quorum: no dynamic-quorum bootstrap to format, and the node
        // elects itself leader at once because it is the only voter.
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", BROKER_LISTENER);
        p.put("listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort + ","
                + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort);
        p.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        // Data and the metadata log share one directory.
        p.put("log.dirs", logDir.toString());

        // Topics are created on purpose (by `topics`, or a test); a typo in a topic name must fail, not
        // silently create an empty topic. Same as the compose file and a production cluster.
        p.put("auto.create.topics.enable", "false");
        // One node: every internal topic must be satisfied by one replica, or groups and transactions
        // (exactly_once_v2) never get a coordinator.
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // A few groups and transactional ids at most: one partition each loads its coordinator at once
        // instead of creating 50 partitions on first use.
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.num.partitions", "1");
        // Nobody else will join: do not hold the first rebalance back for 3 s.
        p.put("group.initial.rebalance.delay.ms", "0");

        // Faster registration and unfencing at start, and a faster controlled shutdown at close. The
        // session timeout stays at its default (9 s): after a crash, a restart on the same directory waits
        // that long for the old registration to expire, and heartbeats every 500 ms already tolerate a
        // controller stalled for seconds on a loaded machine.
        p.put("broker.heartbeat.interval.ms", "500");
        // A local node shares the machine with the detector: small thread pools and a small log-cleaner
        // buffer (the default allocates 128 MiB of heap) are plenty for compacting a few small topics.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("log.cleaner.threads", "1");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        return p;
    }
}
