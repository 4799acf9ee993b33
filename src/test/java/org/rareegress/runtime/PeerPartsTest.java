package org.rareegress.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What another instance sends is read within a byte cap and a deadline, however it behaves. */
class PeerPartsTest {
    private static final long CAP = 64 * 1024;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    @Test
    void aPeerStreamingAnEndlessTableIsCutAtTheCapAndReportedNotBuffered() throws Exception {
        FakePeer peer = new FakePeer("200 OK", "X-Rare-Egress-Partitions: 1\r\n", out -> {
            out.write('[');
            for (int i = 0; ; i++) {
                out.write(((i == 0 ? "" : ",") + row(String.format("p-%09d.exe", i))).getBytes(StandardCharsets.UTF_8));
            }
        });
        BoundedRows rows = new BoundedRows(10 * CAP);
        PeerParts parts = parts("");

        PeerParts.Gathered gathered = parts.read(Map.of(peer.host(), Set.of(1)), rows);

        assertThat(gathered.cuts()).singleElement().asString().contains(peer.name()).contains("was cut");
        assertThat(gathered.partitions()).containsExactly(1);
        TableSnapshot snapshot = rows.snapshot(Set.of(1), Instant.EPOCH, "");
        int rowBytes = row("p-000000000.exe").length() + 1;
        assertThat(snapshot.rows()).as("rows read whole before the cap").hasSizeBetween(1, (int) (CAP / rowBytes));
        long written = peer.bytesWrittenWhenClosed().get(10, TimeUnit.SECONDS);
        assertThat(written).as("the peer could send no more than the cap and the sockets' buffers").isLessThan(CAP + (32 << 20));
    }

    @Test
    void aPeerThatSendsNothingFailsTheReadWithinTheTimeout() throws Exception {
        FakePeer peer = new FakePeer("200 OK", "", out -> {
            out.write('[');
            Thread.sleep(60_000);
        });
        PeerParts parts = parts("");
        long start = System.nanoTime();

        assertThatThrownBy(() -> parts.read(Map.of(peer.host(), Set.of(0)), new BoundedRows(CAP)))
                .isInstanceOf(HuntTableEndpoint.PeerUnavailableException.class).hasMessageContaining("within");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aPeerThatRefusesFailsTheRead() throws Exception {
        FakePeer peer = new FakePeer("429 Too Many Requests", "", out -> { });

        assertThatThrownBy(() -> parts("").read(Map.of(peer.host(), Set.of(0)), new BoundedRows(CAP)))
                .isInstanceOf(HuntTableEndpoint.PeerUnavailableException.class).hasMessageContaining("answered 429");
    }

    @Test
    void theTokenGoesWithTheRequestAndAWholePartIsNotCut() throws Exception {
        FakePeer peer = new FakePeer("200 OK", "", out -> out.write(("[" + row("a.exe") + "," + row("b.exe") + "]")
                .getBytes(StandardCharsets.UTF_8)));
        BoundedRows rows = new BoundedRows(CAP);

        PeerParts.Gathered gathered = parts("token-of-sixteen-chars").read(Map.of(peer.host(), Set.of(2, 3)), rows);

        assertThat(gathered.cuts()).isEmpty();
        assertThat(gathered.partitions()).as("no header: as Kafka Streams says").containsExactlyInAnyOrder(2, 3);
        assertThat(rows.snapshot(Set.of(), Instant.EPOCH, "").rows()).extracting(row -> row.key().process())
                .containsExactly("a.exe", "b.exe");
        assertThat(peer.request.get(5, TimeUnit.SECONDS)).contains("GET /rare-processes?scope=local")
                .contains("Authorization: Bearer token-of-sixteen-chars");
    }

    private PeerParts parts(String token) {
        PeerParts parts = new PeerParts(Duration.ofSeconds(2), CAP, token);
        open.add(parts);
        return parts;
    }

    private static String row(String process) {
        return "{\"InitiatingProcessFileName\":\"" + process + "\",\"DeviceCount\":1,\"Hashes\":[],\"Ports\":[4444],"
                + "\"Devices\":[],\"RemoteIPs\":[\"8.8.8.8\"],\"EvidenceTruncated\":false,\"Threshold\":4}";
    }

    /** Writes the body of the one answer it gives. */
    private interface Body {
        void write(OutputStream out) throws Exception;
    }

    /** One-connection HTTP/1.1 server: reads the request head, answers with {@code status}, then the body. */
    private final class FakePeer {
        final CompletableFuture<String> request = new CompletableFuture<>();
        private final CompletableFuture<Long> written = new CompletableFuture<>();
        private final ServerSocket server = new ServerSocket(0);

        FakePeer(String status, String headers, Body body) throws IOException {
            open.add(server);
            Thread thread = new Thread(() -> serve(status, headers, body), "fake-peer");
            thread.setDaemon(true);
            thread.start();
        }

        HostInfo host() {
            return new HostInfo("127.0.0.1", server.getLocalPort());
        }

        String name() {
            return "127.0.0.1:" + server.getLocalPort();
        }

        CompletableFuture<Long> bytesWrittenWhenClosed() {
            return written;
        }

        private void serve(String status, String headers, Body body) {
            CountingStream counted = null;
            try (Socket socket = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                StringBuilder head = new StringBuilder();
                for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                    head.append(line).append('\n');
                }
                request.complete(head.toString());
                counted = new CountingStream(socket.getOutputStream());
                counted.write(("HTTP/1.1 " + status + "\r\n" + headers + "Connection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                body.write(counted);
                counted.flush();
            } catch (Exception e) {
                // The reader closed the connection: that is what the tests look for.
            }
            written.complete(counted == null ? 0 : counted.count);
        }
    }

    private static final class CountingStream extends java.io.FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            count += length;
        }
    }
}
