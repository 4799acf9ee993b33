package org.rareegress.runtime.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft, combined broker and controller) inside this JVM, for {@code demo} and
 * the integration tests: no Docker, no download, only the {@code kafka_2.13} artifact. Its settings are in
 * {@link BrokerProperties}; docs/local-kafka.md explains them and the limits.
 */
public final class LocalKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalKafka.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final boolean ownsDataDir;
    private final String bootstrapServers;
    private boolean closed;

    private LocalKafka(KafkaRaftServer server, Path dataDir, boolean ownsDataDir, String bootstrapServers) {
        this.server = server;
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts a broker on a free port in a temporary directory that {@link #close()} deletes. */
    public static LocalKafka start() {
        return start(null, 0);
    }

    /**
     * Starts a broker and returns once it accepts clients.
     *
     * @param dataDir where the logs live; reused (with its topics) when already formatted; null for a
     *                temporary directory that {@link #close()} deletes
     * @param port    the client port on 127.0.0.1; 0 for a free one
     */
    public static LocalKafka start(Path dataDir, int port) {
        long started = System.nanoTime();
        boolean owns = dataDir == null;
        Path dir = owns ? createTempDir() : dataDir.toAbsolutePath();
        KafkaRaftServer server = null;
        try {
            Files.createDirectories(dir);
            int brokerPort = port == 0 ? freePort() : port;
            KafkaConfig config = new KafkaConfig(BrokerProperties.of(dir, brokerPort, freePort()), false);
            LocalStorage.format(config, dir);
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            String bootstrap = "127.0.0.1:" + brokerPort;
            awaitReady(bootstrap);
            LOG.info("Local Kafka ready at {} in {} ms (data in {})", bootstrap,
                    Duration.ofNanos(System.nanoTime() - started).toMillis(), dir);
            return new LocalKafka(server, dir, owns, bootstrap);
        } catch (IOException | RuntimeException e) {
            stop(server);
            if (owns) {
                LocalStorage.deleteRecursively(dir);
            }
            throw new IllegalStateException("cannot start the local Kafka broker in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** {@code host:port} for the clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Shuts the broker down cleanly and deletes the data directory if {@link #start} created it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop(server);
        if (ownsDataDir) {
            LocalStorage.deleteRecursively(dataDir);
        }
        LOG.info("Local Kafka at {} stopped", bootstrapServers);
    }

    /** The broker answers metadata requests only once it is registered and unfenced: poll until then. */
    private static void awaitReady(String bootstrap) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_TIMEOUT.toMillis());
        try (Admin admin = Admin.create(config)) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get().isEmpty()) {
                        return;
                    }
                } catch (ExecutionException e) {
                    LOG.debug("Local Kafka not ready yet: {}", e.getCause().toString());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("broker not ready after " + READY_TIMEOUT);
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
    }

    private static void stop(KafkaRaftServer server) {
        if (server == null) {
            return;
        }
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Local Kafka did not shut down cleanly: {}", e.toString());
        }
    }

    private static int freePort() throws IOException {
        // Bind and release: a tiny race with other processes taking the port, which a local broker can accept.
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("rare-egress-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the local broker", e);
        }
    }
}
