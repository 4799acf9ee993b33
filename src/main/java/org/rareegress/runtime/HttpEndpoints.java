package org.rareegress.runtime;

import java.io.IOException;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.rareegress.config.HttpSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of {@code run}: {@code /live}, {@code /ready}, {@code /metrics} and {@code /rare-processes}
 * on {@code http.port}, and {@code /live} and {@code /ready} alone on {@code http.probe-port}, each port
 * with its own threads and its own connection budget.
 *
 * <p>Jetty rather than the JDK's server: the JDK's reads each request's headers on a worker thread, so a
 * few clients that send one byte and wait hold every worker (four sockets stopped {@code /live} for 40 s),
 * and its only bounds are JVM-wide {@code sun.net.httpserver.*} properties with no cap on connections.
 * Jetty parses requests as bytes arrive, without a thread, has per-port timeouts, executors and
 * connection limits, and its core (no servlets) adds about 2 MB.
 */
final class HttpEndpoints implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoints.class);
    /** Open connections per port; past it Jetty stops accepting until some close (the backlog waits). */
    private static final int MAX_DATA_CONNECTIONS = 512;
    private static final int MAX_PROBE_CONNECTIONS = 32;

    private final Server server;
    private final ServerConnector data;
    private final ServerConnector probes;

    HttpEndpoints(HttpSettings settings, HttpRoutes routes) throws IOException {
        // Data requests hold at most max-concurrent-requests threads; the rest answer probes and refusals.
        QueuedThreadPool threads = pool("rare-egress-http", settings.maxConcurrentRequests() + 12);
        this.server = new Server(threads);
        this.data = connector(settings, settings.port(), null, MAX_DATA_CONNECTIONS);
        this.probes = connector(settings, settings.probePort(), pool("rare-egress-probes", 6), MAX_PROBE_CONNECTIONS);
        routes.probeConnector(probes);
        server.setHandler(routes);
        try {
            server.start();
        } catch (Exception e) {
            close();
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
        LOG.info("HTTP on port {} (the web view at /, /live /ready /metrics /status /rare-processes /recent-alerts)"
                + " and probe port {} (/live /ready)",
                port(), probePort());
    }

    /** @param threads its own threads, or null for the server's */
    private ServerConnector connector(HttpSettings settings, int port, QueuedThreadPool threads, int maxConnections) {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        // One acceptor and one selector: a handful of clients, and two cores shared with stream threads.
        ServerConnector connector = new ServerConnector(server, threads, null, null, 1, 1, new HttpConnectionFactory(http));
        connector.setPort(port);
        connector.setIdleTimeout(settings.requestTimeout().toMillis());
        connector.addBean(new RequestDeadline(connector.getScheduler(), settings.requestTimeout()));
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(maxConnections, connector));
        return connector;
    }

    private static QueuedThreadPool pool(String name, int maxThreads) {
        QueuedThreadPool pool = new QueuedThreadPool(maxThreads, 2);
        pool.setName(name);
        pool.setDaemon(true);
        return pool;
    }

    int port() {
        return data.getLocalPort();
    }

    int probePort() {
        return probes.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Stopping the HTTP server failed: {}", e.toString());
        }
    }
}
