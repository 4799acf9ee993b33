package org.rareegress.event.read;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.rareegress.event.DeadLetter;
import org.rareegress.event.RawSlice;
import org.rareegress.event.ReadSink;
import org.rareegress.event.SourceRef;

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

    /** Reads one object of an array; the parser stands on its START_OBJECT, which starts at byte {@code start}. */
    interface ObjectReader {
        void read(SourceRef itemSource, long start) throws IOException;
    }

    /**
     * Each item of the array whose START_ARRAY was just read, with its index in {@code itemSource}: objects
     * go to {@code reader}; anything else is rejected alone with {@code notAnObject}, and the items around
     * it still count.
     */
    static void forEachObject(JsonParser parser, byte[] record, SourceRef source, ReadSink sink, String notAnObject,
                              ObjectReader reader) throws IOException {
        int index = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            requireMore(parser, token);
            SourceRef itemSource = source.withIndex(index++);
            long start = parser.currentTokenLocation().getByteOffset();
            if (token != JsonToken.START_OBJECT) {
                parser.skipChildren();
                sink.reject(new DeadLetter(notAnObject, itemSource, slice(record, start, parser)));
                continue;
            }
            reader.read(itemSource, start);
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
