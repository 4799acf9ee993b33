package org.rareegress.simulate;

import java.io.IOException;

/**
 * Wraps rows into Defender Streaming-API envelopes of {@code size} records each,
 * {@code {"records":[{"time":...,"tenantId":...,"operationName":"Publish","category":"AdvancedHunting-DeviceNetworkEvents",
 * "_TimeReceivedBySvc":...,"properties":{row}},...]}}, and hands each envelope downstream as one
 * record. Envelopes mix devices, as Event Hubs deliver them, so they go downstream with no key.
 */
public final class EnvelopeSink implements EventSink {
    private static final byte[] OPEN = Json.utf8("{\"records\":[");
    private static final byte[] TIME = Json.utf8("{\"time\":\"");
    private static final byte[] CLOSE = Json.utf8("]}");
    private static final byte[] RECORD_END = Json.utf8("}");
    private static final byte[] COMMA = Json.utf8(",");
    private static final long MAX_DELAY_TICKS = 90 * RowWriter.TICKS_PER_SECOND;

    private final EventSink downstream;
    private final int size;
    private final byte[] tenantPiece;
    private final byte[] receivedPiece = Json.utf8("\",\"_TimeReceivedBySvc\":\"");
    private final byte[] propertiesPiece = Json.utf8("\",\"properties\":");
    private final RowWriter envelope = new RowWriter();
    private int records;
    private long firstTicks;
    private long envelopes;

    public EnvelopeSink(EventSink downstream, int size, String tenantId) {
        if (size < 1) {
            throw new IllegalArgumentException("an envelope holds at least one record, got " + size);
        }
        this.downstream = downstream;
        this.size = size;
        this.tenantPiece = Json.utf8("\",\"tenantId\":\"" + Json.escape(tenantId)
                + "\",\"operationName\":\"Publish\",\"category\":\"AdvancedHunting-DeviceNetworkEvents");
    }

    @Override
    public void event(byte[] row, int length, long ticks, byte[] deviceId) throws IOException {
        if (records == 0) {
            envelope.reset();
            envelope.bytes(OPEN);
            firstTicks = ticks;
        } else {
            envelope.bytes(COMMA);
        }
        // The service receives an event some seconds after it happened; derived from the event, so repeatable.
        long delay = RowWriter.TICKS_PER_SECOND + Long.remainderUnsigned(Rng.mix(ticks), MAX_DELAY_TICKS);
        envelope.bytes(TIME).timestamp(ticks).bytes(tenantPiece).bytes(receivedPiece).timestamp(ticks + delay)
                .bytes(propertiesPiece).bytes(row, 0, length).bytes(RECORD_END);
        if (++records == size) {
            finish();
        }
    }

    /** Sends the last, partly filled envelope; call once at the end of the stream. */
    public void finish() throws IOException {
        if (records > 0) {
            envelope.bytes(CLOSE);
            downstream.event(envelope.buffer(), envelope.length(), firstTicks, null);
            records = 0;
            envelopes++;
        }
    }

    public long envelopes() {
        return envelopes;
    }
}
