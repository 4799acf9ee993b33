package org.rareegress.event;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/** Checks and helpers over Jackson's streaming parser, shared by the parts of {@link MdeJsonReader}. */
final class StreamingJson {
    private StreamingJson() {
    }

    /** Jackson reports cut input itself; this keeps a loop from spinning should it ever return null. */
    static void requireMore(JsonParser parser, JsonToken token) throws IOException {
        if (token == null) {
            throw new JsonParseException(parser, "unexpected end of input");
        }
    }

    static void requireEnd(JsonParser parser, JsonToken expected) throws IOException {
        if (expected != null && parser.currentToken() != expected) {
            throw new JsonParseException(parser, "expected " + expected + ", got " + describe(parser.currentToken()));
        }
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
            throw new JsonParseException(parser, "trailing data after the JSON value");
        }
    }

    /** The bytes of {@code record} from {@code start} to where the parser now stands. */
    static RawSlice slice(byte[] record, long start, JsonParser parser) {
        long end = parser.currentLocation().getByteOffset();
        int from = (int) Math.max(0, Math.min(start, record.length));
        int to = (int) Math.max(from, Math.min(end, record.length));
        return new RawSlice(record, from, to - from);
    }

    static String describe(JsonToken token) {
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
