package org.rareegress.event.read;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.rareegress.event.DeadLetter;
import org.rareegress.event.RawSlice;
import org.rareegress.event.ReadSink;
import org.rareegress.event.RecordReader;
import org.rareegress.event.SourceRef;

/**
 * Reads the formats whose fields are scattered or nested (Windows events as shippers write them, ECS)
 * from a parsed tree. One record holds one event or none. Slower than the MDE streaming pass, which
 * is why {@code auto} only comes here for records that pass found no MDE row in.
 */
final class TreeJsonReader implements RecordReader {
    private static final int MAX_NESTING = 64;

    private final ObjectMapper mapper;
    private final WindowsEventReader windows;
    private final EcsReader ecs;

    /** @param windows null when Windows events are not accepted; likewise {@code ecs} */
    TreeJsonReader(int maxRecordBytes, WindowsEventReader windows, EcsReader ecs) {
        this.windows = windows;
        this.ecs = ecs;
        this.mapper = new ObjectMapper(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING)
                        .maxStringLength(Math.max(maxRecordBytes, 1024))
                        .maxNumberLength(64)
                        .build())
                .build());
    }

    @Override
    public void read(byte[] record, SourceRef source, ReadSink sink) {
        String notMine = tryRead(record, source, sink);
        if (notMine != null) {
            sink.reject(new DeadLetter(notMine, source, RawSlice.of(record)));
        }
    }

    /**
     * Reads the record if it is in an accepted format. Returns null when it did (the sink has heard
     * of it), else why not, having told the sink nothing.
     */
    String tryRead(byte[] record, SourceRef source, ReadSink sink) {
        JsonNode root;
        try {
            root = mapper.readTree(record);
        } catch (StreamConstraintsException e) {
            return "record exceeds parser limits: " + e.getOriginalMessage();
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at byte " + e.getLocation().getByteOffset();
            return "malformed JSON" + where + ": " + e.getOriginalMessage();
        } catch (IOException e) {
            return "unreadable record: " + e.getMessage();
        }
        if (root == null || !root.isObject()) {
            return "not a JSON object";
        }
        RawSlice raw = RawSlice.of(record);
        try {
            if (windows != null && WindowsEventReader.recognizes(root)) {
                windows.read(root, source, raw, sink);
            } else if (ecs != null && EcsReader.recognizes(root)) {
                ecs.read(root, source, raw, sink);
            } else {
                return expected();
            }
        } catch (EventValidator.InvalidEventException e) {
            sink.reject(new DeadLetter(e.getMessage(), source, raw));
        } catch (RuntimeException e) {
            // A reader must never stop the detector; the fuzz tests make sure this stays unreachable.
            sink.reject(new DeadLetter("internal error reading the record: " + e, source, raw));
        }
        return null;
    }

    private String expected() {
        if (windows != null && ecs != null) {
            return "neither a Windows event (EventID, event_id or winlog.event_id) nor an ECS event (@timestamp with event.*, destination.* or ecs.version)";
        }
        return windows != null ? "not a Windows event (no EventID, event_id or winlog.event_id)"
                : "not an ECS event (no @timestamp with event.category, destination.ip, network.direction or ecs.version)";
    }
}
