package org.rareegress.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rareegress.runtime.DetectorService;

/**
 * Clients that open a connection and then send their request a byte at a time, or not at all (slow
 * loris), against a running detector: the probes still answer at once, on both ports, and the server
 * closes such connections after {@code http.request-timeout} whatever they trickle.
 */
@ExtendWith(KafkaBroker.class)
class SlowClientsIT {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration PROBE_BUDGET = Duration.ofSeconds(1);

    @TempDir
    static Path dir;
    private static DetectorService detector;

    @BeforeAll
    static void startDetector(TestKafka kafka) throws Exception {
        DetectorFixture fixture = new DetectorFixture(kafka, dir, 1, "detector.warmup=PT0S",
                "http.request-timeout=" + REQUEST_TIMEOUT);
        fixture.produce(Fleets.unkeyed(Fleets.lines(5, Duration.ofDays(1), 200)));
        detector = DetectorService.start(fixture.settings("a"), Clock.systemUTC());
        HttpCalls.awaitRunning(detector);
    }

    @AfterAll
    static void stopDetector() {
        detector.close();
    }

    @Test
    void probesAnswerWithinASecondWhileSlowClientsHoldConnectionsOnBothPorts() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                slow.add(oneByteAndWait(detector.httpPort()));
                slow.add(oneByteAndWait(detector.probePort()));
            }

            for (int port : new int[] {detector.httpPort(), detector.probePort()}) {
                for (String path : List.of("/live", "/ready")) {
                    long start = System.nanoTime();
                    HttpResponse<String> response = HttpCalls.get(port, path, null, PROBE_BUDGET);
                    Duration took = Duration.ofNanos(System.nanoTime() - start);

                    assertThat(response.statusCode()).as(path + " on " + port).isEqualTo(200);
                    assertThat(took).as(path + " on " + port).isLessThan(PROBE_BUDGET);
                }
            }
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    @Test
    void aConnectionThatNeverCompletesItsRequestIsClosedAfterTheRequestTimeout() throws Exception {
        try (Socket silent = oneByteAndWait(detector.httpPort());
             Socket trickling = oneByteAndWait(detector.httpPort())) {
            long start = System.nanoTime();
            boolean silentClosed = false;
            boolean tricklingClosed = false;
            // One byte every 300 ms resets any idle timer; the request deadline must close it all the same.
            while (!(silentClosed && tricklingClosed) && System.nanoTime() - start < REQUEST_TIMEOUT.multipliedBy(4).toNanos()) {
                silentClosed = silentClosed || closedByServer(silent);
                tricklingClosed = tricklingClosed || !trickle(trickling) || closedByServer(trickling);
                Thread.sleep(300);
            }

            assertThat(silentClosed).as("a connection that sent one byte and waits").isTrue();
            assertThat(tricklingClosed).as("a connection that sends a header byte every 300 ms").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(REQUEST_TIMEOUT.multipliedBy(3));
        }
    }

    @Test
    void theHuntTableNeedsNoTokenWhenNoneIsConfigured() throws Exception {
        HttpResponse<String> response = HttpCalls.get(detector.httpPort(), "/rare-processes");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).startsWith("[");
    }

    @Test
    void theProbePortServesNoData() throws Exception {
        assertThat(HttpCalls.get(detector.probePort(), "/rare-processes").statusCode()).isEqualTo(404);
        assertThat(HttpCalls.get(detector.probePort(), "/metrics").statusCode()).isEqualTo(404);
    }

    /** A connection that sent the first byte of a request line and then nothing. */
    private static Socket oneByteAndWait(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.getOutputStream().write('G');
        socket.getOutputStream().flush();
        return socket;
    }

    /** Sends one more header byte; false when the server has closed the connection. */
    private static boolean trickle(Socket socket) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write("E".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the server closed the connection (end of stream or reset), waiting at most 50 ms to see. */
    private static boolean closedByServer(Socket socket) throws IOException {
        socket.setSoTimeout(50);
        try {
            InputStream in = socket.getInputStream();
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }
}
