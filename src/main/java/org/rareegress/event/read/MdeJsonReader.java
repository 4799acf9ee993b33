package org.rareegress.event.read;

import static org.rareegress.event.read.StreamingJson.requireEnd;
import static org.rareegress.event.read.StreamingJson.slice;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import org.rareegress.event.DeadLetter;
import org.rareegress.event.EarlyDrop;
import org.rareegress.event.RawSlice;
import org.rareegress.event.ReadSink;
import org.rareegress.event.RecordReader;
import org.rareegress.event.SourceRef;

/**
 * Reads Defender DeviceNetworkEvents as Advanced Hunting rows ({@code {"Timestamp":...}}, or an
 * array of them) and as Streaming-API envelopes ({@code {"records":[{"category":...,"properties":{...}}]}}),
 * with Jackson's streaming parser: only the fields the hunt uses become strings, the rest are skipped.
 * A bad envelope record (or array item) is rejected alone; the good ones around it are delivered.
 * A record that cannot be read to its end is one dead letter, whose reason says how many of its
 * events were delivered before it broke.
 *
 * <p>This class tells rows, arrays and envelopes apart and turns a broken record into its dead letter;
 * {@link MdeFieldReader} reads a row's fields, {@link EnvelopeRecordsReader} an envelope's records,
 * {@link RowDelivery} hands each row to the sink, and {@link FlatRowScanner} is the fast path, for flat rows
 * and for envelopes whose records are flat rows.
 */
public final class MdeJsonReader implements RecordReader {
    /** Past this the parser itself stops, and the rest of the record is rejected with it. */
    private static final int PARSER_MAX_NESTING = 1_000;

    private final JsonFactory factory;
    private final boolean acceptRows;
    private final boolean acceptEnvelopes;
    private final EventFields fields = new EventFields();
    private final ScannedRow row = new ScannedRow();
    private final ScannedEnvelope envelope = new ScannedEnvelope();
    private final RowDelivery delivery;
    private final EnvelopeRecordsReader envelopeRecords;
    /** Holds the current record's rejects (up to the cap) and skips until it has been read to its end. */
    private final HoldingSink held;
    /** Reads the plain flat rows nearly all input is; null when rows are not accepted. */
    private final FlatRowScanner flat;

    /** @param maxDeadLetters dead letters one record writes at most, then one that counts the rest */
    public MdeJsonReader(EventValidator validator, int maxRecordBytes, int maxDeadLetters, boolean acceptRows,
                         boolean acceptEnvelopes) {
        this(validator, maxRecordBytes, maxDeadLetters, acceptRows, acceptEnvelopes, true, null);
    }

    /** @param earlyDrop drops flat rows from their bytes (reported with {@link ReadSink#dropped}); null for none */
    public MdeJsonReader(EventValidator validator, int maxRecordBytes, int maxDeadLetters, boolean acceptRows,
                         boolean acceptEnvelopes, EarlyDrop earlyDrop) {
        this(validator, maxRecordBytes, maxDeadLetters, acceptRows, acceptEnvelopes, true, earlyDrop);
    }

    /** @param fastPath false reads every record with Jackson: the reference the fast path is tested against */
    MdeJsonReader(EventValidator validator, int maxRecordBytes, int maxDeadLetters, boolean acceptRows,
                  boolean acceptEnvelopes, boolean fastPath, EarlyDrop earlyDrop) {
        this.held = new HoldingSink(maxDeadLetters);
        this.delivery = new RowDelivery(validator, earlyDrop);
        this.envelopeRecords = new EnvelopeRecordsReader(fields, delivery);
        this.acceptRows = acceptRows;
        this.acceptEnvelopes = acceptEnvelopes;
        this.flat = fastPath && (acceptRows || acceptEnvelopes) ? new FlatRowScanner(acceptEnvelopes) : null;
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(PARSER_MAX_NESTING)
                        .maxStringLength(Math.max(maxRecordBytes, 1024))
                        .maxNumberLength(64)
                        .build())
                .build();
    }

    @Override
    public void read(byte[] record, SourceRef source, ReadSink sink) {
        if (flat != null) {
            // Exactly what the streaming parse below would read from this record, without the parser.
            if (acceptRows && flat.scan(record, row)) {
                delivery.deliver(row, source, RawSlice.of(record), sink);
                return;
            }
            if (acceptEnvelopes && flat.scanEnvelope(record, envelope)) {
                deliverEnvelope(record, source, sink);
                return;
            }
        }
        held.start(sink, record, source);
        try {
            parse(record, source, held);
            held.flush();
        } catch (StreamConstraintsException e) {
            held.discard();
            sink.reject(new DeadLetter("record exceeds parser limits" + held.afterDelivered() + ": " + e.getOriginalMessage(),
                    source, RawSlice.of(record)));
        } catch (JsonProcessingException e) {
            held.discard();
            String where = e.getLocation() == null ? "" : " at byte " + e.getLocation().getByteOffset();
            sink.reject(new DeadLetter("malformed JSON" + where + held.afterDelivered() + ": " + e.getOriginalMessage(), source,
                    RawSlice.of(record)));
        } catch (IOException e) {
            held.discard();
            sink.reject(new DeadLetter("unreadable record: " + e.getMessage(), source, RawSlice.of(record)));
        }
    }

    /** An envelope the scanner read whole, item by item as {@link EnvelopeRecordsReader} delivers them. */
    private void deliverEnvelope(byte[] record, SourceRef source, ReadSink sink) {
        held.start(sink, record, source);
        for (int item = 0; item < envelope.count(); item++) {
            if (envelope.network(item)) {
                delivery.deliver(envelope.row(item), source.withIndex(item), envelope.raw(item), held);
            } else {
                held.skip(envelope.category(item));
            }
        }
        held.flush();
    }

    private void parse(byte[] record, SourceRef source, ReadSink sink) throws IOException {
        try (JsonParser parser = factory.createParser(record)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_ARRAY && acceptRows) {
                // Like a bad envelope record, an item that is not an object is rejected alone.
                StreamingJson.forEachObject(parser, record, source, sink, "array item is not a JSON object", (itemSource, start) -> {
                    fields.clear();
                    String problem = MdeFieldReader.readFields(parser, fields);
                    delivery.deliver(fields, problem, itemSource, slice(record, start, parser), sink);
                });
                requireEnd(parser, JsonToken.END_ARRAY);
                return;
            }
            if (first != JsonToken.START_OBJECT) {
                sink.reject(new DeadLetter("not a JSON object", source, RawSlice.of(record)));
                return;
            }
            fields.clear();
            String problem = null;
            boolean envelope = false;
            String name;
            while ((name = parser.nextFieldName()) != null) {
                if (acceptEnvelopes && "records".equals(name)) {
                    if (parser.nextToken() != JsonToken.START_ARRAY) {
                        problem = "records must be an array";
                        parser.skipChildren();
                        continue;
                    }
                    envelope = true;
                    envelopeRecords.read(parser, record, source, sink);
                } else {
                    String fieldProblem = MdeFieldReader.readField(parser, name, fields);
                    problem = problem == null ? fieldProblem : problem;
                }
            }
            requireEnd(parser, null);
            if (envelope) {
                return;
            }
            if (!acceptRows) {
                sink.reject(new DeadLetter("not a Streaming-API envelope (no records array)", source, RawSlice.of(record)));
                return;
            }
            delivery.deliver(fields, problem, source, RawSlice.of(record), sink);
        }
    }
}
