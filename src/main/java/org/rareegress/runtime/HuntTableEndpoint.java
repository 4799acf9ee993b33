package org.rareegress.runtime;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.rareegress.codec.OutputJson;
import org.rareegress.config.HttpSettings;
import org.rareegress.detect.HuntRow;
import org.rareegress.topology.Names;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hunt table behind {@code GET /rare-processes}: snapshots rebuilt at most once per
 * {@code http.table-refresh} however many requests come, each holding at most {@code http.table-max-bytes}
 * of rows. This instance's part is read from its stores; the whole table adds every other instance's part,
 * asked for through their own endpoint with {@code ?scope=local} (found by Kafka Streams' metadata, which
 * needs {@code kafka.application.server}). If part of the table cannot be read from active stores (a
 * rebalance, a restore, an instance that does not answer), it is read from standby and restoring copies
 * instead and marked stale; if not even those cover every partition the answer is an error, never a
 * silently partial table. A table over the byte budget is served from its beginning and says so.
 */
public final class HuntTableEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HuntTableEndpoint.class);

    private final KafkaStreams streams;
    private final LocalHuntTable local;
    private final HostInfo self;
    private final IntSupplier statefulPartitionCount;
    private final String repartitionTopicSuffix = "-" + Names.REPARTITION_BY_PROCESS + "-repartition";
    private final long maxBytes;
    private final Duration wait;
    private final Clock clock;
    private final HttpMetrics metrics;
    private final PeerParts peers;
    private final SharedBuild<TableSnapshot> localPart;
    private final SharedBuild<TableSnapshot> whole;
    private final StaleTable staleTable;

    /**
     * @param statefulPartitionCount how many partitions the stateful sub-topology has (its repartition
     *                               topic's), so that a table missing some can be told from a whole one
     */
    HuntTableEndpoint(KafkaStreams streams, LocalHuntTable local, HostInfo self, IntSupplier statefulPartitionCount,
                      HttpSettings settings, HttpMetrics metrics, Clock clock) {
        this.streams = streams;
        this.local = local;
        this.self = self;
        this.statefulPartitionCount = statefulPartitionCount;
        this.maxBytes = settings.tableMaxBytes();
        this.wait = settings.requestTimeout();
        this.clock = clock;
        this.metrics = metrics;
        this.peers = new PeerParts(settings.requestTimeout(), maxBytes, settings.authToken());
        this.localPart = new SharedBuild<>(this::buildLocalPart, settings.tableRefresh(), System::nanoTime);
        this.whole = new SharedBuild<>(this::buildWhole, settings.tableRefresh(), System::nanoTime);
        this.staleTable = new StaleTable(streams, local, self, maxBytes, peers, clock);
    }

    /** This instance's rows only, in table order (what the other instances ask for). */
    TableSnapshot localPart() throws Exception {
        return localPart.get(wait);
    }

    /**
     * Every instance's rows, in the seed's order. Fails rather than answer with part of the table: when
     * a partition is on no instance (a rebalance) or on one that cannot be asked.
     *
     * @throws PeerUnavailableException  when part of the table cannot be had
     * @throws org.apache.kafka.streams.errors.InvalidStateStoreException while the stores are not queryable
     * @throws java.util.concurrent.TimeoutException when a rebuild by another request takes too long
     */
    TableSnapshot whole() throws Exception {
        return whole.get(wait);
    }

    /** The whole table as rows (for the demo's printout); see {@link #whole()}. */
    List<HuntRow> allRows() throws Exception {
        List<HuntRow> rows = new ArrayList<>();
        for (TableRow row : whole().rows()) {
            rows.add(OutputJson.mapper().readValue(row.json(), HuntRow.class));
        }
        return rows;
    }

    private TableSnapshot buildLocalPart() {
        BoundedRows rows = new BoundedRows(maxBytes);
        Set<Integer> partitions = local.scan(row -> rows.add(TableRow.of(row)));
        return rows.snapshot(partitions, clock.instant(), rows.dropped() == 0 ? "" : overBudget(rows) + " on this instance");
    }

    /**
     * This instance's rows of {@code partitions}, read from whatever copy it holds (active, restoring or
     * standby): what another instance asks for when it gathers a stale table. Not shared: such requests
     * are rare and each names its own partitions.
     */
    TableSnapshot staleLocalPart(Set<Integer> partitions) {
        BoundedRows rows = new BoundedRows(maxBytes);
        local.scan(row -> rows.add(TableRow.of(row)), partitions, true);
        return rows.snapshot(partitions, clock.instant(), rows.dropped() == 0 ? "" : overBudget(rows) + " on this instance");
    }

    /**
     * The whole table from active stores; when that cannot be had (a rebalance moved a task, a store is
     * restoring, an instance does not answer), from the copies Kafka Streams lets us read instead: standby
     * replicas and restoring stores, here and on the other instances, marked stale. Only when even those
     * do not cover every partition is the answer an error.
     */
    private TableSnapshot buildWhole() throws Exception {
        try {
            return buildFresh();
        } catch (org.apache.kafka.streams.errors.InvalidStateStoreException | PeerUnavailableException fresh) {
            String why = fresh instanceof PeerUnavailableException ? fresh.getMessage()
                    : "a store is not queryable (" + streams.state() + ")";
            try {
                TableSnapshot stale = staleTable.build(why, statefulPartitionCount.getAsInt());
                requireWhole(stale.partitions());
                if (stale.truncated()) {
                    metrics.countTableTruncated();
                }
                LOG.info("The hunt table is served from standby or restoring stores: {}", why);
                return stale;
            } catch (Exception staleFailure) {
                fresh.addSuppressed(staleFailure);
                throw fresh;
            }
        }
    }

    private TableSnapshot buildFresh() throws Exception {
        TableSnapshot mine = localPart();
        BoundedRows rows = new BoundedRows(maxBytes);
        mine.rows().forEach(rows::add);
        List<String> notes = new ArrayList<>();
        if (mine.truncated()) {
            notes.add("this instance's part is incomplete: " + mine.truncation());
            rows.dropAfter(mine.rows().isEmpty() ? TableRow.Key.FIRST : mine.rows().get(mine.rows().size() - 1).key());
        }
        Map<HostInfo, Set<Integer>> others = new HashMap<>();
        if (self != null) {
            for (StreamsMetadata instance : streams.metadataForAllStreamsClients()) {
                Set<Integer> theirs = new TreeSet<>();
                instance.topicPartitions().stream().filter(tp -> tp.topic().endsWith(repartitionTopicSuffix))
                        .forEach(tp -> theirs.add(tp.partition()));
                if (!instance.hostInfo().equals(self) && !theirs.isEmpty()) {
                    others.put(instance.hostInfo(), theirs);
                }
            }
        }
        Set<Integer> covered = new TreeSet<>(mine.partitions());
        others.values().forEach(covered::addAll);
        requireWhole(covered);
        PeerParts.Gathered gathered = peers.read(others, rows);
        covered = new TreeSet<>(mine.partitions());
        covered.addAll(gathered.partitions());
        requireWhole(covered);
        notes.addAll(gathered.cuts());
        if (notes.isEmpty() && rows.dropped() > 0) {
            notes.add(overBudget(rows));
        }
        TableSnapshot snapshot = rows.snapshot(covered, clock.instant(), String.join("; ", notes));
        if (snapshot.truncated()) {
            metrics.countTableTruncated();
            LOG.warn("The hunt table served over HTTP is incomplete ({} rows kept): {}", snapshot.rows().size(),
                    snapshot.truncation());
        }
        return snapshot;
    }

    static String overBudget(BoundedRows rows, long maxBytes) {
        return "the table is larger than http.table-max-bytes (" + maxBytes + " bytes): " + rows.dropped()
                + " rows at its end are left out";
    }

    private String overBudget(BoundedRows rows) {
        return overBudget(rows, maxBytes);
    }

    private void requireWhole(Set<Integer> covered) throws PeerUnavailableException {
        int total = statefulPartitionCount.getAsInt();
        if (covered.size() < total) {
            String count = total == StatefulPartitionCount.UNKNOWN ? "an unknown number of" : String.valueOf(total);
            throw new PeerUnavailableException("the table has " + count + " partitions and only " + covered
                    + " are being served" + (self == null ? " here; with several instances set kafka.application.server"
                    + " so that any of them can gather the whole table" : " (a rebalance is under way?): retry"));
        }
    }

    @Override
    public void close() {
        peers.close();
    }

    /** Another instance holds part of the table and did not answer. */
    public static final class PeerUnavailableException extends Exception {
        PeerUnavailableException(String message) {
            super(message);
        }
    }
}
