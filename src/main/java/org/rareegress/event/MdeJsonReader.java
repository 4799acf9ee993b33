package org.rareegress.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Defender DeviceNetworkEvents as Advanced Hunting rows ({@code {"Timestamp":...}}, or an
 * array of them) and as Streaming-API envelopes ({@code {"records":[{"category":...,"properties":{...}}]}}),
 * with Jackson's streaming parser: only the fields the hunt uses become strings, the rest are skipped.
 * A bad envelope record (or array item) is rejected alone; the good ones around it are delivered.
 * A record that cannot be read to its end is one dead letter, whose reason says how many of its
 * events were delivered before it broke.
 */
public final class MdeJsonReader implements RecordReader {
    static final String NETWORK_CATEGORY = "AdvancedHunting-DeviceNetworkEvents";
    /** Sentinel / Log Analytics rows name their table in {@code Type}. */
    static final String SENTINEL_NETWORK_TABLE = "DeviceNetworkEvents";
    /** Deeper records are rejected alone; the rest of an envelope is still read. */
    private static final int MAX_NESTING = 64;
    /** Past this the parser itself stops, and the rest of the record is rejected with it. */
    private static final int PARSER_MAX_NESTING = 1_000;

    private final JsonFactory factory;
    private final EventValidator validator;
    private final boolean acceptRows;
    private final boolean acceptEnvelopes;
    private final EventFields fields = new EventFields();
    /** Events delivered from the current record, so a record that breaks halfway says what already went out. */
    private int delivered;
    private final Held held = new Held();
    /** Reads the plain flat rows nearly all input is; null when rows are not accepted. */
    private final FlatRowScanner flat;

    public MdeJsonReader(EventValidator validator, int maxRecordBytes, boolean acceptRows, boolean acceptEnvelopes) {
        this(validator, maxRecordBytes, acceptRows, acceptEnvelopes, true);
    }

    /** @param fastPath false reads every record with Jackson: the reference the fast path is tested against */
    MdeJsonReader(EventValidator validator, int maxRecordBytes, boolean acceptRows, boolean acceptEnvelopes,
                  boolean fastPath) {
        this.validator = validator;
        this.acceptRows = acceptRows;
        this.acceptEnvelopes = acceptEnvelopes;
        this.flat = acceptRows && fastPath ? new FlatRowScanner(acceptEnvelopes) : null;
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
        if (flat != null && flat.scan(record, fields)) {
            // Exactly what the streaming parse below would read from this record, without the parser.
            deliver(null, source, RawSlice.of(record), sink);
            return;
        }
        delivered = 0;
        held.start(sink);
        try {
            parse(record, source, held);
            held.flush();
        } catch (StreamConstraintsException e) {
            held.discard();
            sink.reject(new DeadLetter("record exceeds parser limits" + afterDelivered() + ": " + e.getOriginalMessage(),
                    source, RawSlice.of(record)));
        } catch (JsonProcessingException e) {
            held.discard();
            String where = e.getLocation() == null ? "" : " at byte " + e.getLocation().getByteOffset();
            sink.reject(new DeadLetter("malformed JSON" + where + afterDelivered() + ": " + e.getOriginalMessage(), source,
                    RawSlice.of(record)));
        } catch (IOException e) {
            held.discard();
            sink.reject(new DeadLetter("unreadable record: " + e.getMessage(), source, RawSlice.of(record)));
        }
    }

    private void parse(byte[] record, SourceRef source, ReadSink sink) throws IOException {
        try (JsonParser parser = factory.createParser(record)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_ARRAY && acceptRows) {
                int index = 0;
                JsonToken token;
                while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                    requireMore(parser, token);
                    SourceRef itemSource = source.withIndex(index++);
                    long start = parser.currentTokenLocation().getByteOffset();
                    if (token != JsonToken.START_OBJECT) {
                        // Like a bad envelope record: rejected alone, the rows around it still count.
                        parser.skipChildren();
                        sink.reject(new DeadLetter("array item is not a JSON object", itemSource, slice(record, start, parser)));
                        continue;
                    }
                    String problem = readRow(parser);
                    deliver(problem, itemSource, slice(record, start, parser), sink);
                }
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
                    readEnvelopeRecords(parser, record, source, sink);
                } else {
                    String fieldProblem = readField(parser, name, fields);
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
            deliver(problem, source, RawSlice.of(record), sink);
        }
    }

    /** Tells a dead letter for a whole record that some of its events were delivered before it broke. */
    private String afterDelivered() {
        return delivered == 0 ? "" : " (after " + delivered + (delivered == 1 ? " good record)" : " good records)");
    }

    /** Reads the envelope's records array, delivering each record's event or rejecting it alone. */
    private void readEnvelopeRecords(JsonParser parser, byte[] record, SourceRef source, ReadSink sink) throws IOException {
        int index = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            requireMore(parser, token);
            SourceRef itemSource = source.withIndex(index++);
            long start = parser.currentTokenLocation().getByteOffset();
            if (token != JsonToken.START_OBJECT) {
                parser.skipChildren();
                sink.reject(new DeadLetter("envelope record is not a JSON object", itemSource, slice(record, start, parser)));
                continue;
            }
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
                    String name2;
                    while ((name2 = parser.nextFieldName()) != null) {
                        String fieldProblem = readField(parser, name2, fields);
                        problem = problem == null ? fieldProblem : problem;
                    }
                } else {
                    String nested = skipValue(parser);
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
                deliver(problem, itemSource, raw, sink);
            }
        }
    }

    /** Reads every field of a row object whose START_OBJECT was just read; returns the first problem or null. */
    private String readRow(JsonParser parser) throws IOException {
        fields.clear();
        String problem = null;
        String name;
        while ((name = parser.nextFieldName()) != null) {
            String fieldProblem = readField(parser, name, fields);
            problem = problem == null ? fieldProblem : problem;
        }
        return problem;
    }

    /** Reads the value of one field into {@code f}, or skips it; returns a problem or null. Always consumes the value. */
    private static String readField(JsonParser parser, String name, EventFields f) throws IOException {
        JsonToken value = parser.nextToken();
        switch (name) {
            case "Timestamp" -> f.timestamp = string(parser, value);
            case "DeviceId" -> f.deviceId = string(parser, value);
            case "DeviceName" -> f.deviceName = string(parser, value);
            case "ActionType" -> f.actionType = string(parser, value);
            case "Protocol" -> f.protocol = string(parser, value);
            case "RemoteIPType" -> f.remoteIpType = string(parser, value);
            case "RemoteIP" -> f.remoteIp = string(parser, value);
            case "RemoteUrl" -> f.remoteUrl = string(parser, value);
            case "InitiatingProcessFileName" -> f.processFileName = string(parser, value);
            case "InitiatingProcessMD5" -> f.md5 = string(parser, value);
            case "InitiatingProcessSHA256" -> f.sha256 = string(parser, value);
            case "InitiatingProcessCommandLine" -> f.commandLine = string(parser, value);
            case "InitiatingProcessFolderPath" -> f.folderPath = string(parser, value);
            case "TimeGenerated" -> f.timeGenerated = string(parser, value);
            case "Type" -> f.table = string(parser, value);
            case "RemotePort" -> {
                return readPort(parser, value, f);
            }
            default -> {
                return skipValue(parser);
            }
        }
        if (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL) {
            parser.skipChildren();
            return name + " must be a string, got " + describe(value);
        }
        return null;
    }

    /**
     * Skips the value just read (an unknown field's), returning a problem when it nests deeper than
     * {@link #MAX_NESTING}: counted here rather than by the parser, so only this record is lost.
     */
    private static String skipValue(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
            return null;
        }
        // The context of a value that opens a structure is the structure itself.
        boolean tooDeep = parser.getParsingContext().getNestingDepth() > MAX_NESTING;
        int open = 1;
        while (open > 0) {
            token = parser.nextToken();
            requireMore(parser, token);
            if (token.isStructStart()) {
                open++;
                tooDeep |= parser.getParsingContext().getNestingDepth() > MAX_NESTING;
            } else if (token.isStructEnd()) {
                open--;
            }
        }
        return tooDeep ? "record is nested deeper than " + MAX_NESTING + " levels" : null;
    }

    private static String string(JsonParser parser, JsonToken value) throws IOException {
        return value == JsonToken.VALUE_STRING ? parser.getText() : null;
    }

    private static String readPort(JsonParser parser, JsonToken value, EventFields f) throws IOException {
        switch (value) {
            case VALUE_NULL -> {
                f.remotePort = -1;
                return null;
            }
            case VALUE_NUMBER_INT -> {
                if (parser.getNumberType() != JsonParser.NumberType.INT) {
                    return "RemotePort is out of range: " + parser.getText();
                }
                return setPort(f, parser.getIntValue(), parser.getText());
            }
            case VALUE_STRING -> {
                String text = parser.getText();
                if (text.isEmpty()) {
                    f.remotePort = -1;
                    return null;
                }
                if (text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    return "RemotePort is not a port number: '" + Timestamps.abbreviate(text) + "'";
                }
                return setPort(f, Integer.parseInt(text), text);
            }
            case VALUE_NUMBER_FLOAT -> {
                return "RemotePort is not a whole number: " + Timestamps.abbreviate(parser.getText());
            }
            default -> {
                parser.skipChildren();
                return "RemotePort must be a number, got " + describe(value);
            }
        }
    }

    private static String setPort(EventFields f, int port, String text) {
        if (port < 0 || port > 65535) {
            return "RemotePort is out of range: " + text;
        }
        f.remotePort = port;
        return null;
    }

    private void deliver(String problem, SourceRef source, RawSlice raw, ReadSink sink) {
        if (fields.table != null && !SENTINEL_NETWORK_TABLE.equals(fields.table)) {
            sink.skip(fields.table);
            return;
        }
        if (problem != null) {
            sink.reject(new DeadLetter(problem, source, raw));
            return;
        }
        NetworkEvent event;
        try {
            event = validator.validate(fields, source, raw);
        } catch (EventValidator.InvalidEventException e) {
            sink.reject(new DeadLetter(e.getMessage(), source, raw));
            return;
        }
        sink.event(event);
    }

    /**
     * Passes events on at once but holds rejects and skips until the record has been read to its
     * end: a record that breaks as a whole goes to the dead letters once, not also item by item.
     */
    private final class Held implements ReadSink {
        private final List<Object> outcomes = new ArrayList<>();
        private ReadSink target;

        void start(ReadSink sink) {
            target = sink;
            outcomes.clear();
        }

        @Override
        public void event(NetworkEvent event) {
            target.event(event);
            delivered++;
        }

        @Override
        public void reject(DeadLetter deadLetter) {
            outcomes.add(deadLetter);
        }

        @Override
        public void skip(String what) {
            outcomes.add(what);
        }

        void flush() {
            for (Object outcome : outcomes) {
                if (outcome instanceof DeadLetter deadLetter) {
                    target.reject(deadLetter);
                } else {
                    target.skip((String) outcome);
                }
            }
            outcomes.clear();
        }

        void discard() {
            outcomes.clear();
        }
    }

    /** Jackson reports cut input itself; this keeps a loop from spinning should it ever return null. */
    private static void requireMore(JsonParser parser, JsonToken token) throws IOException {
        if (token == null) {
            throw new com.fasterxml.jackson.core.JsonParseException(parser, "unexpected end of input");
        }
    }

    private static void requireEnd(JsonParser parser, JsonToken expected) throws IOException {
        if (expected != null && parser.currentToken() != expected) {
            throw new com.fasterxml.jackson.core.JsonParseException(parser, "expected " + expected + ", got " + describe(parser.currentToken()));
        }
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
            throw new com.fasterxml.jackson.core.JsonParseException(parser, "trailing data after the JSON value");
        }
    }

    private static RawSlice slice(byte[] record, long start, JsonParser parser) {
        long end = parser.currentLocation().getByteOffset();
        int from = (int) Math.max(0, Math.min(start, record.length));
        int to = (int) Math.max(from, Math.min(end, record.length));
        return new RawSlice(record, from, to - from);
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "end of input";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }
}
