package org.rareegress.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.rareegress.event.Timestamps;

/**
 * Alert-storm protection for one task: at most {@code alert.storm-threshold} NEW_RARE alerts are published in
 * one storm window (fixed windows of {@code alert.storm-window} of stream time, aligned on the epoch); the rest
 * are suppressed, and when stream time reaches the window's end one {@link StormAlert} counts them and names
 * the first {@value #NAMES_SHOWN}. Decided in event time only, so a replay suppresses the same alerts.
 *
 * <p>Pure logic with a small stored form: the caller keeps it in a state store and persists it when
 * {@link #changed()} says so (only when a NEW_RARE is published or suppressed, or a window closes).
 */
public final class AlertStorm {
    /** How many suppressed processes a STORM alert names; its {@code Suppressed} counts them all. */
    public static final int NAMES_SHOWN = 20;
    private static final int VERSION = 1;
    private static final long NONE = Long.MIN_VALUE;

    private final int threshold;
    private final long window;
    private long start = NONE;
    private long end = NONE;
    private int published;
    private long suppressed;
    private long firstSuppressedAt;
    private long lastSuppressedAt;
    private final List<String> names = new ArrayList<>();
    private boolean changed;

    /** @param threshold NEW_RARE alerts published per window at most; 0 publishes every one */
    public AlertStorm(int threshold, long windowNanos) {
        this.threshold = threshold;
        this.window = windowNanos;
    }

    public boolean enabled() {
        return threshold > 0;
    }

    /**
     * A NEW_RARE of {@code process} is to be published at stream time {@code at}. A window that ended at or before
     * {@code at} is closed first ({@code closed} receives its STORM alert when it suppressed anything).
     *
     * @return {@link Long#MIN_VALUE} to publish it; when it is suppressed, the end of the storm window
     */
    public long admit(String process, long at, Consumer<StormAlert> closed) {
        if (threshold == 0) {
            return NONE;
        }
        closeBefore(at, closed);
        if (start == NONE) {
            start = Math.floorDiv(at, window) * window;
            end = ProcessWindow.saturatedAdd(start, window);
        }
        changed = true;
        if (published < threshold) {
            published++;
            return NONE;
        }
        if (suppressed == 0) {
            firstSuppressedAt = at;
        }
        suppressed++;
        lastSuppressedAt = at;
        if (names.size() < NAMES_SHOWN) {
            names.add(process);
        }
        return end;
    }

    /** Stream time has reached {@code now}: the window closes if it ended at or before it. */
    public void advance(long now, Consumer<StormAlert> closed) {
        if (start != NONE) {
            closeBefore(now, closed);
        }
    }

    /** Whether something changed since the last {@link #encode()}. */
    public boolean changed() {
        return changed;
    }

    /** NEW_RARE alerts suppressed so far in the current window. */
    public long suppressed() {
        return suppressed;
    }

    private void closeBefore(long now, Consumer<StormAlert> closed) {
        if (start == NONE || now < end) {
            return;
        }
        if (suppressed > 0) {
            closed.accept(new StormAlert(AlertIds.ofStorm(start, names.isEmpty() ? "" : names.get(0)), AlertType.STORM,
                    Timestamps.format(firstSuppressedAt), Timestamps.format(lastSuppressedAt), Timestamps.format(start),
                    Timestamps.format(end), threshold, suppressed, List.copyOf(names)));
        }
        start = NONE;
        end = NONE;
        published = 0;
        suppressed = 0;
        names.clear();
        changed = true;
    }

    /** The stored form; null when no window is open (nothing to keep). */
    public byte[] encode() {
        changed = false;
        if (start == NONE) {
            return null;
        }
        BinaryWriter out = new BinaryWriter(64 + 32 * names.size());
        out.writeByte(VERSION);
        out.writeZigZag(start);
        out.writeZigZag(end - start);
        out.writeVarInt(published);
        out.writeVarLong(suppressed);
        out.writeZigZag(firstSuppressedAt - start);
        out.writeZigZag(lastSuppressedAt - start);
        out.writeVarInt(names.size());
        names.forEach(out::writeString);
        return out.toByteArray();
    }

    /**
     * Restores the open window from its stored form. Its own end stands even if {@code alert.storm-window} has
     * changed since; the next window has the new length.
     *
     * @throws IllegalStateException when the bytes are not a stored form of this class
     */
    public void restore(byte[] bytes) {
        BinaryReader in = new BinaryReader(bytes);
        int version = in.readByte();
        if (version != VERSION) {
            throw new IllegalStateException("unknown alert-storm encoding version " + version);
        }
        start = in.readZigZag();
        end = start + in.readZigZag();
        published = in.readVarInt();
        suppressed = in.readVarLong();
        firstSuppressedAt = start + in.readZigZag();
        lastSuppressedAt = start + in.readZigZag();
        int count = in.readCount();
        names.clear();
        for (int i = 0; i < count; i++) {
            names.add(in.readRequiredString("process"));
        }
        in.requireEnd("alert storm");
        changed = false;
    }
}
