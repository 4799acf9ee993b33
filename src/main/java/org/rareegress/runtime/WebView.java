package org.rareegress.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.rareegress.codec.OutputJson;

/**
 * The web view: {@code GET /} and its script and style, plain files in the jar (no build step, nothing
 * from a CDN: it works air-gapped), and {@code GET /recent-alerts}, the small JSON the page polls for new
 * alerts. The page holds no data itself: it reads {@code /status}, {@code /rare-processes} and
 * {@code /recent-alerts} with the bearer token the analyst gives it, so the token guards the data exactly
 * as it guards those endpoints. A strict Content-Security-Policy allows only these files to run, and the
 * script writes every value as text, never as markup: process names and command lines are attacker input.
 */
final class WebView {
    static final String INDEX = "/";
    static final String SCRIPT = "/web/app.js";
    static final String STYLE = "/web/app.css";
    private static final int PAGE_LIMIT = 100;
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
            + " img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final Map<String, Asset> assets;
    private final RecentAlerts alerts;

    private record Asset(String contentType, byte[] bytes) {
    }

    /** @param alerts the alert reader, or null when {@code http.recent-alerts} is 0 */
    WebView(RecentAlerts alerts) {
        this.alerts = alerts;
        this.assets = Map.of(
                INDEX, new Asset("text/html; charset=utf-8", resource("index.html")),
                SCRIPT, new Asset("text/javascript; charset=utf-8", resource("app.js")),
                STYLE, new Asset("text/css; charset=utf-8", resource("app.css")));
    }

    boolean isAsset(String path) {
        return assets.containsKey(path);
    }

    void serveAsset(String path, Response response, Callback callback) {
        Asset asset = assets.get(path);
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, asset.contentType());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put("Content-Security-Policy", CSP);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("Referrer-Policy", "no-referrer");
        response.write(true, ByteBuffer.wrap(asset.bytes()), callback);
    }

    /**
     * {@code GET /recent-alerts?after=N}: {@code {"Next":…,"Missed":…,"Error":…,"Alerts":[…]}}, the alerts
     * numbered above N, oldest first, at most 100; ask again with {@code after=Next}.
     */
    void serveRecentAlerts(Request request, Response response, Callback callback) {
        Fields query = Request.extractQueryParameters(request);
        long after;
        try {
            after = Long.parseLong(query.getValue("after") == null ? "0" : query.getValue("after"));
        } catch (NumberFormatException e) {
            HttpRoutes.error(response, callback, 400, "after must be a whole number");
            return;
        }
        AlertRing.Page page = alerts == null ? new AlertRing.Page(List.of(), 0, false) : alerts.after(after, PAGE_LIMIT);
        String error = alerts == null ? "http.recent-alerts is 0: this instance reads no alerts" : alerts.error();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("{\"Next\":" + page.next() + ",\"Missed\":" + page.missed() + ",\"Error\":"
                + OutputJson.toLine(error) + ",\"Alerts\":[").getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < page.entries().size(); i++) {
            if (i > 0) {
                body.write(',');
            }
            body.writeBytes(page.entries().get(i).json());
        }
        body.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, HttpRoutes.JSON);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body.toByteArray()), callback);
    }

    private static byte[] resource(String name) {
        try (InputStream in = WebView.class.getResourceAsStream("/org/rareegress/web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks the web view's " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
