package org.rareegress.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rareegress.runtime.DetectorService;

/**
 * A hunt table far larger than one answer should be (30,000 processes, each on one device), behind a
 * bearer token: it is served in pages of bounded size that concatenate to the whole table, requests
 * beyond {@code http.max-concurrent-requests} are refused with 429 while {@code /live} stays fast, and
 * without the token the table is refused while the probes and metrics are not.
 */
@ExtendWith(KafkaBroker.class)
class LargeHuntTableIT {
    private static final int PROCESSES = 30_000;
    private static final String TOKEN = "s3cret-token-of-the-hunt-table";
    private static final Pattern NEXT = Pattern.compile("<(/rare-processes\\?[^>]*)>; rel=\"next\"");
    private static final long MAX_PAGE_BYTES = 4L * 1024 * 1024;

    @TempDir
    static Path dir;
    private static DetectorFixture fixture;
    private static DetectorService detector;

    @BeforeAll
    static void startDetectorOnALargeTable(TestKafka kafka) throws Exception {
        fixture = new DetectorFixture(kafka, dir, 1, "detector.warmup=PT0S", "http.auth-token=" + TOKEN,
                "http.max-concurrent-requests=2", "http.request-timeout=PT30S");
        List<KeyValue<String, String>> events = new ArrayList<>();
        Instant start = Instant.parse("2024-05-01T00:00:00Z");
        for (int i = 0; i < PROCESSES; i++) {
            events.add(KeyValue.pair(null, String.format(Locale.ROOT, "{\"Timestamp\":\"%s\",\"DeviceId\":\"d%d\","
                    + "\"ActionType\":\"ConnectionSuccess\",\"Protocol\":\"Tcp\",\"RemoteIPType\":\"Public\","
                    + "\"RemoteIP\":\"8.8.%d.%d\",\"RemotePort\":4444,\"InitiatingProcessFileName\":\"tool-%05d.exe\"}",
                    start.plusSeconds(i), i, i / 256 % 256, i % 256, i)));
        }
        fixture.produce(events);
        detector = DetectorService.start(fixture.settings("a"), Clock.systemUTC());
        fixture.awaitProcessed(Duration.ofMinutes(5), detector);
    }

    @AfterAll
    static void stopDetector() {
        detector.close();
    }

    @Test
    void pagesAreBoundedAndConcatenateToTheWholeTable() throws Exception {
        List<JsonNode> served = new ArrayList<>();
        String next = "/rare-processes?limit=1000";
        int pages = 0;
        while (next != null) {
            HttpResponse<String> page = HttpCalls.get(detector.httpPort(), next, TOKEN, Duration.ofSeconds(30));
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            JsonNode rows = DetectorFixture.json(page.body());

            assertThat(rows.size()).isBetween(1, 1000);
            assertThat((long) page.body().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(MAX_PAGE_BYTES);
            assertThat(page.headers().firstValue("X-Total-Count")).hasValue(String.valueOf(PROCESSES));
            rows.forEach(served::add);
            next = page.headers().firstValue("Link").map(LargeHuntTableIT::nextPage).orElse(null);
            pages++;
        }

        assertThat(pages).isEqualTo(PROCESSES / 1000);
        assertThat(served).extracting(row -> row.get("InitiatingProcessFileName").asText()).isSorted();
        Map<String, JsonNode> byProcess = new TreeMap<>();
        served.forEach(row -> byProcess.put(row.get("InitiatingProcessFileName").asText(), row));
        assertThat(byProcess).hasSize(PROCESSES).isEqualTo(fixture.table());
    }

    @Test
    void withoutAskingForAPageTheFirstHundredRowsAreServed() throws Exception {
        HttpResponse<String> page = HttpCalls.get(detector.httpPort(), "/rare-processes", TOKEN, Duration.ofSeconds(30));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(DetectorFixture.json(page.body())).hasSize(100);
        assertThat(page.headers().firstValue("Link")).hasValue("</rare-processes?offset=100&limit=100>; rel=\"next\"");
        assertThat(HttpCalls.get(detector.httpPort(), "/rare-processes?limit=1001", TOKEN, Duration.ofSeconds(30))
                .statusCode()).isEqualTo(400);
    }

    @Test
    void theTableNeedsTheTokenAndTheProbesAndMetricsDoNot() throws Exception {
        int port = detector.httpPort();

        assertThat(HttpCalls.get(port, "/rare-processes").statusCode()).isEqualTo(401);
        assertThat(HttpCalls.get(port, "/rare-processes", "not-" + TOKEN, Duration.ofSeconds(30)).statusCode()).isEqualTo(401);
        assertThat(HttpCalls.get(port, "/rare-processes?scope=local").statusCode()).isEqualTo(401);
        assertThat(HttpCalls.get(port, "/rare-processes?limit=1", TOKEN, Duration.ofSeconds(30)).statusCode()).isEqualTo(200);
        assertThat(HttpCalls.get(port, "/live").statusCode()).isEqualTo(200);
        assertThat(HttpCalls.get(port, "/ready").statusCode()).isEqualTo(200);
        assertThat(HttpCalls.get(port, "/metrics").body()).contains("rare_egress_http_refused_total{reason=\"unauthorized\"}");
    }

    @Test
    void dataRequestsBeyondTheBoundAreRefusedWhileLiveStaysFast() throws Exception {
        List<Socket> holders = new ArrayList<>();
        try {
            // Clients that ask for the whole local part (megabytes) and read no more than its status line hold
            // their permits. Each is known to hold one before the next is opened (its answer has begun with
            // 200), so the check below never races a holder that was itself refused or not yet admitted.
            for (int i = 0; i < 2; i++) {
                holders.add(holdAPermit(detector.httpPort()));
            }
            HttpResponse<String> refused = awaitRefusal();

            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
            long start = System.nanoTime();
            assertThat(HttpCalls.get(detector.httpPort(), "/live", null, Duration.ofSeconds(1)).statusCode()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            assertThat(HttpCalls.get(detector.probePort(), "/ready", null, Duration.ofSeconds(1)).statusCode()).isEqualTo(200);
        } finally {
            for (Socket holder : holders) {
                holder.close();
            }
        }
        assertThat(awaitStatus("/rare-processes?limit=1", 200)).as("permits come back when the clients go").isEqualTo(200);
    }

    private static HttpResponse<String> awaitRefusal() throws Exception {
        AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
        return Await.value("a 429 for a request beyond the bound", Duration.ofSeconds(20), Duration.ofMillis(100), () -> {
            last.set(HttpCalls.get(detector.httpPort(), "/rare-processes?limit=1", TOKEN, Duration.ofSeconds(30)));
            return last.get().statusCode() == 429 ? last.get() : null;
        }, () -> last.get() == null ? null : last.get().statusCode() + " " + last.get().body());
    }

    private static int awaitStatus(String path, int status) throws Exception {
        AtomicReference<Integer> last = new AtomicReference<>();
        return Await.value(status + " from " + path, Duration.ofSeconds(60), Duration.ofMillis(100), () -> {
            last.set(HttpCalls.get(detector.httpPort(), path, TOKEN, Duration.ofSeconds(30)).statusCode());
            return last.get() == status ? last.get() : null;
        }, last::get);
    }

    /**
     * A client that holds a permit: it asks for this instance's whole part (megabytes) with a tiny receive
     * window, reads the status line and nothing more. A 200 means its answer is being written, which blocks
     * on the unread body with the permit taken; a 429 (a permit still held by an earlier request, whose
     * completion the server had not yet seen) or a 503 (the store briefly not queryable) means asking again.
     */
    private static Socket holdAPermit(int port) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            Socket socket = askAndNeverRead(port);
            String status = statusLine(socket);
            if (status.startsWith("HTTP/1.1 200")) {
                return socket;
            }
            socket.close();
            assertThat(status).as("a holder is refused only for a while").matches("HTTP/1\\.1 (429|503).*");
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no permit was free for a holder within a minute: " + status);
            }
            Thread.sleep(200);
        }
    }

    /** A request for this instance's whole part from a client with a tiny receive window that never reads. */
    private static Socket askAndNeverRead(int port) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(1024);
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
        OutputStream out = socket.getOutputStream();
        out.write(("GET /rare-processes?scope=local HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TOKEN
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /** The first line of the answer, read byte by byte so that nothing of the body is taken with it. */
    private static String statusLine(Socket socket) throws IOException {
        socket.setSoTimeout(60_000);
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            line.append((char) b);
        }
        return line.toString().strip();
    }

    private static String nextPage(String link) {
        Matcher matcher = NEXT.matcher(link);
        return matcher.find() ? matcher.group(1) : null;
    }
}
