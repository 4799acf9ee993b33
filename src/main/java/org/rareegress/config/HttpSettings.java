package org.rareegress.config;

import java.time.Duration;

/**
 * The HTTP side of {@code run}: its ports and the limits that keep it answering under hostile load.
 *
 * @param port                  {@code /live}, {@code /ready}, {@code /metrics} and {@code /rare-processes}
 * @param probePort             {@code /live} and {@code /ready} alone, with their own threads and connections
 * @param requestTimeout        longest a connection may take to send a request and receive its answer
 * @param maxConcurrentRequests data requests served at once; more are refused (429)
 * @param tableRefresh          how old the served hunt-table snapshot may be before it is rebuilt
 * @param tableMaxBytes         bytes of rows a snapshot holds, and the most read from another instance
 * @param authToken             bearer token the data endpoints require; empty for none
 * @param recentAlerts          alerts {@code /recent-alerts} (and the web view) keep; 0 reads no alerts
 */
public record HttpSettings(int port, int probePort, Duration requestTimeout, int maxConcurrentRequests,
                           Duration tableRefresh, long tableMaxBytes, String authToken, int recentAlerts) {

    public boolean requiresToken() {
        return !authToken.isEmpty();
    }

    /** Never the token itself: records print every field, and settings end up in logs. */
    @Override
    public String toString() {
        return "HttpSettings[port=" + port + ", probePort=" + probePort + ", requestTimeout=" + requestTimeout
                + ", maxConcurrentRequests=" + maxConcurrentRequests + ", tableRefresh=" + tableRefresh
                + ", tableMaxBytes=" + tableMaxBytes + ", authToken=" + (requiresToken() ? "******" : "")
                + ", recentAlerts=" + recentAlerts + "]";
    }
}
