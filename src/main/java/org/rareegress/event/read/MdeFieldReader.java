package org.rareegress.event.read;

import static org.rareegress.event.read.StreamingJson.describe;
import static org.rareegress.event.read.StreamingJson.requireMore;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.rareegress.event.Timestamps;

/**
 * Reads the fields of one MDE row (a hunting row, or an envelope record's properties) from Jackson's
 * streaming parser into {@link EventFields}: the fields the hunt uses become strings, the rest are
 * skipped. Each read returns the first problem found, or null; the value is consumed either way.
 */
final class MdeFieldReader {
    /** Deeper records are rejected alone; the rest of an envelope is still read. */
    private static final int MAX_NESTING = 64;

    private MdeFieldReader() {
    }

    /** Reads every field up to the end of the object whose START_OBJECT was just read; returns the first problem or null. */
    static String readFields(JsonParser parser, EventFields f) throws IOException {
        String problem = null;
        String name;
        while ((name = parser.nextFieldName()) != null) {
            String fieldProblem = readField(parser, name, f);
            problem = problem == null ? fieldProblem : problem;
        }
        return problem;
    }

    /** Reads the value of one field into {@code f}, or skips it; returns a problem or null. Always consumes the value. */
    static String readField(JsonParser parser, String name, EventFields f) throws IOException {
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
    static String skipValue(JsonParser parser) throws IOException {
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
}
