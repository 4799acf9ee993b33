package org.rareegress.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.rareegress.detect.OutputJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of {@code run}, on the JDK's own server: {@code /live}, {@code /ready},
 * {@code /metrics} and {@code /rare-processes}.
 */
final class HttpEndpoints implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoints.class);
    private static final String JSON = "application/json";

    private final HttpServer server;
    private final DetectorService service;
    private final DetectorMeters meters;
    private final HuntTableEndpoint table;

    HttpEndpoints(int port, DetectorService service, DetectorMeters meters, HuntTableEndpoint table) throws IOException {
        this.service = service;
        this.meters = meters;
        this.table = table;
        this.server = HttpServer.create(new InetSocketAddress(port), 0);
        server.setExecutor(Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "rare-egress-http");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/live", exchange -> health(exchange, service.isAlive()));
        server.createContext("/ready", exchange -> health(exchange, service.isReady()));
        server.createContext("/metrics", exchange ->
                respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", meters.scrape()));
        server.createContext("/rare-processes", this::rareProcesses);
        server.start();
        LOG.info("HTTP endpoints on port {}: /live /ready /metrics /rare-processes", port());
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void health(HttpExchange exchange, boolean ok) throws IOException {
        KafkaStreams.State state = service.state();
        respond(exchange, ok ? 200 : 503, JSON, "{\"state\":\"" + state + "\"}");
    }

    private void rareProcesses(HttpExchange exchange) throws IOException {
        boolean localOnly = "scope=local".equals(exchange.getRequestURI().getQuery());
        try {
            Object rows = localOnly ? table.localRows() : table.allRows();
            respond(exchange, 200, JSON, OutputJson.toLine(rows));
        } catch (InvalidStateStoreException e) {
            respond(exchange, 503, JSON, error("state stores are not queryable yet (" + service.state() + "): retry"));
        } catch (HuntTableEndpoint.PeerUnavailableException e) {
            respond(exchange, 503, JSON, error("part of the table is on an instance that did not answer: " + e.getMessage()));
        }
    }

    private static String error(String message) {
        return OutputJson.toLine(Map.of("error", message));
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
