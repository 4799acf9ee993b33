package org.rareegress.event.read;

import static org.rareegress.event.read.StreamingJson.slice;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.rareegress.event.DeadLetter;
import org.rareegress.event.RawSlice;
import org.rareegress.event.ReadSink;
import org.rareegress.event.SourceRef;

/**
 * Reads the {@code records} array of a Defender Streaming-API envelope
 * ({@code {"records":[{"category":...,"properties":{...}}]}}): each record of the network category is
 * delivered or rejected alone, records of other categories are skipped.
 */
final class EnvelopeRecordsReader {
    static final String NETWORK_CATEGORY = "AdvancedHunting-DeviceNetworkEvents";

    private final EventFields fields;
    private final RowDelivery delivery;

    EnvelopeRecordsReader(EventFields fields, RowDelivery delivery) {
        this.fields = fields;
        this.delivery = delivery;
    }

    /** Reads the records array whose START_ARRAY was just read, delivering each record's event or rejecting it alone. */
    void read(JsonParser parser, byte[] record, SourceRef source, ReadSink sink) throws IOException {
        StreamingJson.forEachObject(parser, record, source, sink, "envelope record is not a JSON object",
                (itemSource, start) -> readRecord(parser, record, itemSource, start, sink));
    }

    private void readRecord(JsonParser parser, byte[] record, SourceRef itemSource, long start, ReadSink sink)
            throws IOException {
        fields.clear();
        String category = null;
        String problem = null;
        boolean hasProperties = false;
        String name;
        while ((name = parser.nextFieldName()) != null) {
            JsonToken value = parser.nextToken();
            if ("category".equals(name)) {
                category = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                // An object or array here must be skipped whole, or its fields would be read as the record's.
                parser.skipChildren();
            } else if ("properties".equals(name) && value == JsonToken.START_OBJECT) {
                hasProperties = true;
                String fieldsProblem = MdeFieldReader.readFields(parser, fields);
                problem = problem == null ? fieldsProblem : problem;
            } else {
                String nested = MdeFieldReader.skipValue(parser);
                problem = problem == null ? nested : problem;
            }
        }
        RawSlice raw = slice(record, start, parser);
        if (category == null) {
            sink.reject(new DeadLetter("envelope record has no category", itemSource, raw));
        } else if (!NETWORK_CATEGORY.equals(category)) {
            sink.skip(category);
        } else if (!hasProperties) {
            sink.reject(new DeadLetter("envelope record has no properties object", itemSource, raw));
        } else {
            delivery.deliver(fields, problem, itemSource, raw, sink);
        }
    }
}
