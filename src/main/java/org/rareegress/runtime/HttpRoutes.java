package org.rareegress.runtime;

import java.util.Map;
import java.util.concurrent.Semaphore;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.rareegress.codec.OutputJson;
import org.rareegress.config.HttpSettings;

/**
 * Which request gets what. {@code /live} and {@code /ready} are answered at once from the Streams state,
 * on both ports, with no lock, permit or token: nothing a client does can make them wait. The data
 * endpoints ({@code /metrics}, {@code /rare-processes}, {@code /allowlist}) are served on {@code http.port} only, at most
 * {@code http.max-concurrent-requests} at a time (429 with Retry-After beyond); {@code /rare-processes} and
 * {@code /allowlist} also need the bearer token when {@code http.auth-token} is set. {@code /metrics} needs none: it holds
 * counters, no process names, command lines or addresses, and scrapers rarely carry per-target tokens.
 * {@code /status} (where event-time order and warm-up stand) is built from the same counters, on {@code http.port}.
 * {@code /} (the web view) and its files are served without the token (they hold no data); the alerts
 * the page polls, {@code /recent-alerts}, are guarded like the table.
 */
final class HttpRoutes extends Handler.Abstract {
    static final String JSON = "application/json";

    private final DetectorService service;
    private final DetectorMeters meters;
    private final HuntTableResponses table;
    private final WebView web;
    private final BearerToken token;
    private final Semaphore permits;
    private final HttpMetrics metrics;
    private Connector probeConnector;
    private final String startedAt = java.time.Instant.now().toString();

    HttpRoutes(DetectorService service, DetectorMeters meters, HuntTableEndpoint table, WebView web,
               HttpSettings settings, HttpMetrics metrics) {
        this.service = service;
        this.web = web;
        this.meters = meters;
        this.table = new HuntTableResponses(table, service);
        this.token = new BearerToken(settings.authToken());
        this.permits = new Semaphore(settings.maxConcurrentRequests());
        this.metrics = metrics;
    }

    /** The connector of {@code http.probe-port}, which serves the probes alone. */
    void probeConnector(Connector connector) {
        this.probeConnector = connector;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        boolean probesOnly = request.getConnectionMetaData().getConnector() == probeConnector;
        if (!HttpMethod.GET.is(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET");
            return error(response, callback, 405, "only GET is served");
        }
        switch (path) {
            case "/live" -> health(response, callback, service.isAlive());
            case "/ready" -> health(response, callback, service.isReady());
            case "/metrics" -> {
                if (probesOnly) {
                    return error(response, callback, 404, "not served on the probe port");
                }
                if (admitted(request, response, callback)) {
                    respond(response, callback, 200, "text/plain; version=0.0.4; charset=utf-8", meters.scrape());
                }
            }
            case "/status" -> {
                if (probesOnly) {
                    return error(response, callback, 404, "not served on the probe port");
                }
                // Built from counters in memory, like /metrics: cheap, and no process name in it.
                respond(response, callback, 200, JSON, OutputJson.toLine(service.status()));
            }
            case "/rare-processes", "/allowlist", "/recent-alerts" -> {
                if (probesOnly) {
                    return error(response, callback, 404, "not served on the probe port");
                }
                // Rules name processes, devices and networks, like the table: the same token and permits.
                if (!token.accepts(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
                    metrics.countUnauthorized();
                    response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"rare-egress\"");
                    return error(response, callback, 401, "a bearer token is required (http.auth-token)");
                }
                if (admitted(request, response, callback)) {
                    switch (path) {
                        case "/rare-processes" -> table.serve(request, response, callback);
                        case "/allowlist" -> allowlist(response, callback);
                        default -> web.serveRecentAlerts(request, response, callback);
                    }
                }
            }
            default -> {
                if (web.isAsset(path) && !probesOnly) {
                    // The page and its files hold no data: they load without the token and ask for it.
                    web.serveAsset(path, response, callback);
                    return true;
                }
                error(response, callback, 404, "no such endpoint: /, /live, /ready, /metrics, /status, /rare-processes,"
                        + " /recent-alerts, /allowlist");
            }
        }
        return true;
    }

    private void allowlist(Response response, Callback callback) {
        try {
            respond(response, callback, 200, JSON, OutputJson.toLine(AllowlistResponse.of(service.allowlist(),
                    service.metrics(), startedAt)));
        } catch (InvalidStateStoreException e) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
            error(response, callback, 503, "the allowlist is not readable yet (starting or rebalancing): retry");
        }
    }

    /** Takes a permit for the length of the exchange, or answers 429 and returns false. */
    private boolean admitted(Request request, Response response, Callback callback) {
        if (!permits.tryAcquire()) {
            metrics.countBusy();
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
            error(response, callback, 429, "too many requests at once (http.max-concurrent-requests): retry");
            return false;
        }
        Request.addCompletionListener(request, failure -> permits.release());
        return true;
    }

    private void health(Response response, Callback callback, boolean ok) {
        respond(response, callback, ok ? 200 : 503, JSON, "{\"state\":\"" + service.state() + "\"}");
    }

    static boolean error(Response response, Callback callback, int status, String message) {
        respond(response, callback, status, JSON, OutputJson.toLine(Map.of("error", message)));
        return true;
    }

    static void respond(Response response, Callback callback, int status, String contentType, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        Content.Sink.write(response, true, body, callback);
    }
}
