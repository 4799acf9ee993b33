package org.rareegress.runtime;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.eclipse.jetty.http.HttpHeader;
import org.rareegress.detect.Dimension;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /rare-processes}: a page of the whole table ({@code ?offset=0&limit=100} by default, limit at
 * most 1000), a JSON array as before, of the rows of one rarity dimension ({@code ?dimension=}: {@code process}
 * by default, so that a client of the seed's endpoint gets exactly the rows it always got; a refined dimension
 * such as {@code process-port}; or {@code all}), with {@code X-Total-Count}, a {@code Link: <…>; rel="next"} while
 * rows remain, {@code Last-Modified} (when the snapshot was built) and {@code X-Rare-Egress-Truncated}
 * when the table is over its byte budget, {@code X-Rare-Egress-Stale} when it was read from standby or
 * restoring stores (a rebalance, an instance that does not answer). {@code ?scope=local} is how instances
 * ask each other for their own part: all of it, no paging; with {@code &stale=true&partitions=…} the given
 * partitions from whatever copy this instance holds. Rows are written from the snapshot's bytes through a
 * small buffer.
 */
final class HuntTableResponses {
    private static final Logger LOG = LoggerFactory.getLogger(HuntTableResponses.class);
    /** Set when the rows were read from standby or restoring stores; its value says why. */
    static final String STALE_HEADER = "X-Rare-Egress-Stale";
    private static final int MAX_PARTITION = 100_000;
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final HuntTableEndpoint table;
    private final DetectorService service;

    HuntTableResponses(HuntTableEndpoint table, DetectorService service) {
        this.table = table;
        this.service = service;
    }

    void serve(Request request, Response response, Callback callback) {
        Fields query = Request.extractQueryParameters(request);
        try {
            if ("local".equals(query.getValue("scope"))) {
                TableSnapshot part = "true".equals(query.getValue("stale"))
                        ? table.staleLocalPart(partitionList(query.getValue("partitions"))) : table.localPart();
                response.getHeaders().put(PeerParts.PARTITIONS_HEADER, PeerParts.partitionsHeader(part.partitions()));
                write(response, callback, part, part.rows());
                return;
            }
            int offset = number(query, "offset", 0, Integer.MAX_VALUE, 0);
            int limit = number(query, "limit", 1, TablePage.MAX_LIMIT, TablePage.DEFAULT_LIMIT);
            String dimension = dimension(query);
            TableSnapshot whole = table.whole();
            TablePage page = TablePage.of(whole, dimension, offset, limit);
            response.getHeaders().put("X-Total-Count", String.valueOf(page.total()));
            if (page.hasMore()) {
                String which = query.getValue("dimension") == null ? "" : "&dimension=" + dimension;
                response.getHeaders().put(HttpHeader.LINK, "</rare-processes?offset=" + page.nextOffset() + "&limit="
                        + limit + which + ">; rel=\"next\"");
            }
            write(response, callback, whole, page.rows());
        } catch (BadParameter e) {
            HttpRoutes.error(response, callback, 400, e.getMessage());
        } catch (InvalidStateStoreException e) {
            HttpRoutes.error(response, callback, 503, "state stores are not queryable yet (" + service.state() + "): retry");
        } catch (HuntTableEndpoint.PeerUnavailableException e) {
            HttpRoutes.error(response, callback, 503, "part of the table is on an instance that did not answer: "
                    + e.getMessage());
        } catch (TimeoutException e) {
            HttpRoutes.error(response, callback, 503, "the table is being rebuilt and took too long: retry");
        } catch (Exception e) {
            LOG.warn("GET /rare-processes failed", e);
            HttpRoutes.error(response, callback, 500, "the table could not be read: " + e);
        }
    }

    /** A JSON array of the rows, streamed: memory is the buffer, not the answer. */
    private static void write(Response response, Callback callback, TableSnapshot snapshot, List<TableRow> rows) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, HttpRoutes.JSON);
        response.getHeaders().put(HttpHeader.LAST_MODIFIED, HTTP_DATE.format(snapshot.builtAt()));
        if (snapshot.truncated()) {
            response.getHeaders().put(PeerParts.TRUNCATED_HEADER, headerText(snapshot.truncation()));
        }
        if (snapshot.isStale()) {
            response.getHeaders().put(STALE_HEADER, headerText(snapshot.stale()));
        }
        try (OutputStream out = new BufferedOutputStream(Content.Sink.asOutputStream(response), 64 * 1024)) {
            out.write('[');
            for (int i = 0; i < rows.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(rows.get(i).json());
            }
            out.write(']');
        } catch (IOException e) {
            // The client went away or was too slow (http.request-timeout): nothing more to tell it.
            callback.failed(e);
            return;
        }
        callback.succeeded();
    }

    /** "0,3,5", each at most {@link #MAX_PARTITION}; 400 otherwise. */
    private static java.util.Set<Integer> partitionList(String text) throws BadParameter {
        try {
            java.util.Set<Integer> partitions = PeerParts.partitions(text == null ? "" : text);
            if (partitions.stream().allMatch(p -> p >= 0 && p <= MAX_PARTITION)) {
                return partitions;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadParameter("partitions must be a comma-separated list of partition numbers, got '"
                + headerText(String.valueOf(text)) + "'");
    }

    /** Header values are ASCII without control characters; a host name from elsewhere might not be. */
    private static String headerText(String text) {
        return text.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** {@code ?dimension=}: a dimension's name or {@code all}; absent, {@code process}. */
    private static String dimension(Fields query) throws BadParameter {
        String text = query.getValue("dimension");
        if (text == null) {
            return Dimension.PROCESS.key();
        }
        if (text.equals(TablePage.ALL_DIMENSIONS) || Dimension.byKey(text).isPresent()) {
            return text;
        }
        throw new BadParameter("dimension must be one of " + String.join(", ", Dimension.keys()) + " or "
                + TablePage.ALL_DIMENSIONS + ", got '" + headerText(text) + "'");
    }

    private static int number(Fields query, String name, int min, int max, int absent) throws BadParameter {
        String text = query.getValue(name);
        if (text == null) {
            return absent;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadParameter(name + " must be a whole number from " + min + " to " + max + ", got '"
                + headerText(text) + "'");
    }

    /** A query parameter out of range: 400. */
    private static final class BadParameter extends Exception {
        BadParameter(String message) {
            super(message);
        }
    }
}
