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

    /** Whether something changed since the last {@link #stored()}. */
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

    /** An open storm window as its stored form ({@code codec.AlertStormCodec}) keeps it. */
    public record Window(long start, long end, int published, long suppressed, long firstSuppressedAt,
                         long lastSuppressedAt, List<String> names) {
    }

    /** The open window to store; null when none is open (nothing to keep). {@link #changed()} is false after. */
    public Window stored() {
        changed = false;
        if (start == NONE) {
            return null;
        }
        return new Window(start, end, published, suppressed, firstSuppressedAt, lastSuppressedAt, List.copyOf(names));
    }

    /**
     * Restores the open window from its stored form. Its own end stands even if {@code alert.storm-window} has
     * changed since; the next window has the new length.
     */
    public void restore(Window window) {
        start = window.start();
        end = window.end();
        published = window.published();
        suppressed = window.suppressed();
        firstSuppressedAt = window.firstSuppressedAt();
        lastSuppressedAt = window.lastSuppressedAt();
        names.clear();
        names.addAll(window.names());
        changed = false;
    }
}
