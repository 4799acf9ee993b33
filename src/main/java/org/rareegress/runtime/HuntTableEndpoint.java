package org.rareegress.runtime;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.rareegress.detect.HuntRow;
import org.rareegress.detect.OutputJson;
import org.rareegress.topology.HuntTableView;

/**
 * {@code GET /rare-processes}: the whole hunt table, from this instance's stores and, through their
 * own endpoint with {@code ?scope=local}, from every other instance of the application (found by
 * Kafka Streams' metadata, which needs {@code kafka.application.server}). If an instance cannot be
 * reached the answer is an error, never a silently partial table.
 */
public final class HuntTableEndpoint {
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(5);

    private final KafkaStreams streams;
    private final LocalHuntTable local;
    private final HostInfo self;
    private final java.util.function.IntSupplier statefulPartitionCount;
    private final String repartitionTopicSuffix;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(PEER_TIMEOUT).build();

    /**
     * @param statefulPartitionCount how many partitions the stateful sub-topology has (its repartition
     *                               topic's), so that a table missing some can be told from a whole one
     */
    HuntTableEndpoint(KafkaStreams streams, LocalHuntTable local, HostInfo self,
                      java.util.function.IntSupplier statefulPartitionCount) {
        this.streams = streams;
        this.local = local;
        this.self = self;
        this.statefulPartitionCount = statefulPartitionCount;
        this.repartitionTopicSuffix = "-" + org.rareegress.topology.Names.REPARTITION_BY_PROCESS + "-repartition";
    }

    /** Rows of this instance only, unsorted (what peers ask for). */
    List<HuntRow> localRows() {
        return local.rows();
    }

    /**
     * Every instance's rows, in the seed's order. Fails rather than answer with part of the table: when
     * a partition is on no instance (a rebalance) or on one that cannot be asked.
     */
    List<HuntRow> allRows() throws PeerUnavailableException {
        java.util.Set<Integer> covered = new java.util.TreeSet<>(local.statefulPartitions());
        List<HuntRow> rows = new ArrayList<>(local.rows());
        if (self != null) {
            for (StreamsMetadata instance : streams.metadataForAllStreamsClients()) {
                HostInfo host = instance.hostInfo();
                java.util.Set<Integer> theirs = new java.util.TreeSet<>();
                instance.topicPartitions().stream().filter(tp -> tp.topic().endsWith(repartitionTopicSuffix))
                        .forEach(tp -> theirs.add(tp.partition()));
                if (!host.equals(self) && !theirs.isEmpty()) {
                    rows.addAll(fetch(host));
                    covered.addAll(theirs);
                }
            }
        }
        int total = statefulPartitionCount.getAsInt();
        if (covered.size() < total) {
            throw new PeerUnavailableException("the table has " + total + " partitions and only " + covered
                    + " are being served" + (self == null ? " here; with several instances set kafka.application.server"
                    + " so that any of them can gather the whole table" : " (a rebalance is under way?): retry"));
        }
        return HuntTableView.sorted(rows);
    }

    private List<HuntRow> fetch(HostInfo host) throws PeerUnavailableException {
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + "/rare-processes?scope=local");
        try {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri).timeout(PEER_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new PeerUnavailableException(host + " answered " + response.statusCode());
            }
            return OutputJson.mapper().readValue(response.body(), new TypeReference<List<HuntRow>>() { });
        } catch (IOException e) {
            throw new PeerUnavailableException(host + " is unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerUnavailableException("interrupted while asking " + host);
        }
    }

    /** Another instance holds part of the table and did not answer. */
    public static final class PeerUnavailableException extends Exception {
        PeerUnavailableException(String message) {
            super(message);
        }
    }
}
