package org.rareegress.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;
import org.rareegress.runtime.DetectorService;

/** Plain GETs against a detector's HTTP ports, with a deadline, for the HTTP hardening tests. */
final class HttpCalls {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpCalls() {
    }

    /** GET {@code http://127.0.0.1:port/path}, with {@code Authorization: Bearer token} unless token is null. */
    static HttpResponse<String> get(int port, String path, String token, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(timeout);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return get(port, path, null, Duration.ofSeconds(30));
    }

    /** Waits until the detector is RUNNING (ready), at most two minutes. */
    static void awaitRunning(DetectorService detector) throws Exception {
        Await.until("the detector is RUNNING", Duration.ofMinutes(2), Duration.ofMillis(100),
                () -> detector.state() == KafkaStreams.State.RUNNING, detector::state);
    }
}
