package org.rareegress.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;

/**
 * Reads Defender DeviceNetworkEvents as Advanced Hunting rows ({@code {"Timestamp":...}}, or an
 * array of them) and as Streaming-API envelopes ({@code {"records":[{"category":...,"properties":{...}}]}}),
 * with Jackson's streaming parser: only the fields the hunt uses become strings, the rest are skipped.
 * A bad envelope record is rejected alone; the good ones around it are delivered.
 */
public final class MdeJsonReader implements RecordReader {
    static final String NETWORK_CATEGORY = "AdvancedHunting-DeviceNetworkEvents";
    /** Sentinel / Log Analytics rows name their table in {@code Type}. */
    static final String SENTINEL_NETWORK_TABLE = "DeviceNetworkEvents";
    private static final int MAX_NESTING = 64;

    private final JsonFactory factory;
    private final EventValidator validator;
    private final boolean acceptRows;
    private final boolean acceptEnvelopes;
    private final EventFields fields = new EventFields();

    public MdeJsonReader(EventValidator validator, int maxRecordBytes, boolean acceptRows, boolean acceptEnvelopes) {
        this.validator = validator;
        this.acceptRows = acceptRows;
        this.acceptEnvelopes = acceptEnvelopes;
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING)
                        .maxStringLength(Math.max(maxRecordBytes, 1024))
                        .maxNumberLength(64)
                        .build())
                .build();
    }

    @Override
    public void read(byte[] record, SourceRef source, ReadSink sink) {
        int eventsBefore = 0;
        try (JsonParser parser = factory.createParser(record)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_ARRAY && acceptRows) {
                int index = 0;
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    long start = parser.currentTokenLocation().getByteOffset();
                    String problem = readRow(parser);
                    deliver(problem, source.withIndex(index++), slice(record, start, parser), sink);
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
                    eventsBefore = readEnvelopeRecords(parser, record, source, sink);
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
        } catch (StreamConstraintsException e) {
            sink.reject(new DeadLetter("record exceeds parser limits: " + e.getOriginalMessage(), source, RawSlice.of(record)));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at byte " + e.getLocation().getByteOffset();
            String after = eventsBefore > 0 ? " (after " + eventsBefore + " good records)" : "";
            sink.reject(new DeadLetter("malformed JSON" + where + after + ": " + e.getOriginalMessage(), source,
                    RawSlice.of(record)));
        } catch (IOException e) {
            sink.reject(new DeadLetter("unreadable record: " + e.getMessage(), source, RawSlice.of(record)));
        }
    }

    /** Reads the envelope's records array; returns how many were delivered as events. */
    private int readEnvelopeRecords(JsonParser parser, byte[] record, SourceRef source, ReadSink sink) throws IOException {
        int index = 0;
        int delivered = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
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
                } else if ("properties".equals(name) && value == JsonToken.START_OBJECT) {
                    hasProperties = true;
                    String name2;
                    while ((name2 = parser.nextFieldName()) != null) {
                        String fieldProblem = readField(parser, name2, fields);
                        problem = problem == null ? fieldProblem : problem;
                    }
                } else {
                    parser.skipChildren();
                }
            }
            RawSlice raw = slice(record, start, parser);
            if (category == null) {
                sink.reject(new DeadLetter("envelope record has no category", itemSource, raw));
            } else if (!NETWORK_CATEGORY.equals(category)) {
                sink.skip(category);
            } else if (!hasProperties) {
                sink.reject(new DeadLetter("envelope record has no properties object", itemSource, raw));
            } else if (deliver(problem, itemSource, raw, sink)) {
                delivered++;
            }
        }
        return delivered;
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
                parser.skipChildren();
                return null;
            }
        }
        if (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL) {
            parser.skipChildren();
            return name + " must be a string, got " + describe(value);
        }
        return null;
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

    private boolean deliver(String problem, SourceRef source, RawSlice raw, ReadSink sink) {
        if (fields.table != null && !SENTINEL_NETWORK_TABLE.equals(fields.table)) {
            sink.skip(fields.table);
            return false;
        }
        if (problem != null) {
            sink.reject(new DeadLetter(problem, source, raw));
            return false;
        }
        try {
            sink.event(validator.validate(fields, source, raw));
            return true;
        } catch (EventValidator.InvalidEventException e) {
            sink.reject(new DeadLetter(e.getMessage(), source, raw));
            return false;
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
