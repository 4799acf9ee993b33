package org.rareegress.runtime;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.streams.state.HostInfo;
import org.rareegress.codec.OutputJson;
import org.rareegress.detect.HuntRow;

/**
 * Reads the other instances' parts of the hunt table ({@code GET /rare-processes?scope=local}), all at
 * once, into one {@link BoundedRows}. A body is parsed as it arrives and never read past
 * {@code maxBytes}: a larger part is cut there and reported, so a broken or hostile peer cannot fill
 * the heap; and all of them must answer within {@code timeout}, body included.
 */
final class PeerParts implements AutoCloseable {
    static final String TRUNCATED_HEADER = "X-Rare-Egress-Truncated";
    /** The stateful partitions whose rows a part holds (a snapshot may predate a rebalance). */
    static final String PARTITIONS_HEADER = "X-Rare-Egress-Partitions";

    private final HttpClient client;
    private final Duration timeout;
    private final long maxBytes;
    private final String authToken;
    private final ExecutorService readers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "rare-egress-peer-read");
        thread.setDaemon(true);
        return thread;
    });

    PeerParts(Duration timeout, long maxBytes, String authToken) {
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.authToken = authToken;
    }

    /** What the peers sent: the partitions their parts hold, and why some rows are missing (empty: none). */
    record Gathered(Set<Integer> partitions, List<String> cuts) {
    }

    /** One peer's part: the partitions it holds, and why its rows stop early ("" when they do not). */
    record Read(Set<Integer> partitions, String cut) {
    }

    /**
     * Adds every peer's rows to {@code rows}, all peers at once.
     *
     * @param peers each instance with the partitions Kafka Streams says it serves (used when it does not say)
     * @throws HuntTableEndpoint.PeerUnavailableException when a peer fails or is too slow: the table would be partial
     */
    Gathered read(Map<HostInfo, Set<Integer>> peers, BoundedRows rows) throws HuntTableEndpoint.PeerUnavailableException {
        return read(peers, rows, false);
    }

    /**
     * As {@link #read(Map, BoundedRows)}; with {@code stale} each peer is asked for exactly the given
     * partitions, from whatever copy it holds ({@code &stale=true&partitions=…}).
     */
    Gathered read(Map<HostInfo, Set<Integer>> peers, BoundedRows rows, boolean stale)
            throws HuntTableEndpoint.PeerUnavailableException {
        List<Future<Read>> reads = new ArrayList<>();
        peers.forEach((peer, partitions) -> reads.add(readers.submit(() -> read(peer, partitions, rows, stale))));
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<Integer> partitions = new TreeSet<>();
        List<String> cuts = new ArrayList<>();
        try {
            for (Future<Read> future : reads) {
                Read read = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                partitions.addAll(read.partitions());
                if (!read.cut().isEmpty()) {
                    cuts.add(read.cut());
                }
            }
            return new Gathered(partitions, cuts);
        } catch (TimeoutException e) {
            throw new HuntTableEndpoint.PeerUnavailableException("an instance did not send its part within " + timeout);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof HuntTableEndpoint.PeerUnavailableException unavailable ? unavailable
                    : new HuntTableEndpoint.PeerUnavailableException(e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HuntTableEndpoint.PeerUnavailableException("interrupted while asking the other instances");
        } finally {
            // An interrupted read fails and closes its body, which drops the connection instead of draining it.
            reads.forEach(read -> read.cancel(true));
        }
    }

    /** One peer's part, its rows added to {@code rows}. */
    Read read(HostInfo peer, Set<Integer> served, BoundedRows rows) throws HuntTableEndpoint.PeerUnavailableException {
        return read(peer, served, rows, false);
    }

    private Read read(HostInfo peer, Set<Integer> served, BoundedRows rows, boolean stale)
            throws HuntTableEndpoint.PeerUnavailableException {
        String name = peer.host() + ":" + peer.port();
        String query = stale ? "scope=local&stale=true&partitions=" + partitionsHeader(served) : "scope=local";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + name + "/rare-processes?" + query))
                .timeout(timeout).GET();
        if (!authToken.isEmpty()) {
            request.header("Authorization", "Bearer " + authToken);
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new HuntTableEndpoint.PeerUnavailableException(name + " is unreachable: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HuntTableEndpoint.PeerUnavailableException("interrupted while asking " + name);
        }
        Part part = new Part();
        try (InputStream body = new CappedInputStream(response.body(), maxBytes)) {
            if (response.statusCode() != 200) {
                throw new HuntTableEndpoint.PeerUnavailableException(name + " answered " + response.statusCode());
            }
            Set<Integer> partitions = response.headers().firstValue(PARTITIONS_HEADER).map(PeerParts::partitions)
                    .orElse(served);
            part.read(body, rows);
            String truncated = response.headers().firstValue(TRUNCATED_HEADER).orElse("");
            if (truncated.isEmpty()) {
                return new Read(partitions, "");
            }
            part.dropRowsAfterIt(rows);
            return new Read(partitions, "the part of " + name + " is incomplete: " + truncated);
        } catch (IOException | RuntimeException e) {
            if (!CappedInputStream.causedBy(e)) {
                throw new HuntTableEndpoint.PeerUnavailableException(name + " sent an unreadable table: " + e.getMessage());
            }
            part.dropRowsAfterIt(rows);
            return new Read(served, "the part of " + name + " is larger than http.table-max-bytes (" + maxBytes
                    + " bytes) and was cut there");
        }
    }

    /** One peer's body: a JSON array of rows, each added to the shared rows as soon as it is read. */
    private static final class Part {
        private TableRow.Key last;

        void read(InputStream body, BoundedRows rows) throws IOException {
            try (JsonParser parser = OutputJson.mapper().createParser(body)) {
                if (parser.nextToken() != JsonToken.START_ARRAY) {
                    throw new IOException("not a JSON array");
                }
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    TableRow row = TableRow.of(parser.readValueAs(HuntRow.class));
                    rows.add(row);
                    last = row.key();
                }
                if (parser.currentToken() != JsonToken.END_ARRAY) {
                    throw new IOException("unexpected " + parser.currentToken() + " in the array of rows");
                }
            }
        }

        /**
         * Rows after the last one read may be missing between the other instances' rows: drop them all, so
         * that what is served is the table's beginning without gaps.
         */
        void dropRowsAfterIt(BoundedRows rows) {
            rows.dropAfter(last == null ? TableRow.Key.FIRST : last);
        }
    }

    /** "0,3,5" as partitions; the header is written by {@link #partitionsHeader}. */
    static Set<Integer> partitions(String header) {
        Set<Integer> partitions = new TreeSet<>();
        for (String item : header.split(",")) {
            if (!item.isBlank()) {
                partitions.add(Integer.parseInt(item.strip()));
            }
        }
        return partitions;
    }

    static String partitionsHeader(Set<Integer> partitions) {
        return partitions.stream().sorted().map(String::valueOf).collect(Collectors.joining(","));
    }

    @Override
    public void close() {
        readers.shutdownNow();
    }

    /** Fails the read past {@code max} bytes, before anything more is buffered. */
    static final class CappedInputStream extends FilterInputStream {
        private final long max;
        private long read;

        CappedInputStream(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (read >= max) {
                throw new LimitExceeded();
            }
            int n = super.read(buffer, offset, (int) Math.min(length, max - read));
            if (n > 0) {
                read += n;
            }
            return n;
        }

        /** Whether the failure is, or was caused by, this cap (a JSON parser may wrap it). */
        static boolean causedBy(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof LimitExceeded) {
                    return true;
                }
            }
            return false;
        }

        /** The body went past the cap. */
        static final class LimitExceeded extends IOException {
            LimitExceeded() {
                super("body larger than the cap");
            }
        }
    }
}
