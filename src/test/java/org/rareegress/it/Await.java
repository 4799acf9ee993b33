package org.rareegress.it;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The one poll loop of the integration tests: ask again every {@code every} until the answer is there, and fail
 * after {@code timeout} saying what was awaited (and, when the caller can tell, what was seen last).
 */
final class Await {
    private Await() {
    }

    /** A condition that may throw (a Kafka admin call, a file read). */
    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    /** A value that may not be there yet: null means "ask again". */
    @FunctionalInterface
    interface Probe<T> {
        T value() throws Exception;
    }

    /** Polls until {@code condition} holds; an {@link AssertionError} naming {@code what} after {@code timeout}. */
    static void until(String what, Duration timeout, Duration every, Condition condition) throws Exception {
        until(what, timeout, every, condition, () -> null);
    }

    /** As {@link #until(String, Duration, Duration, Condition)}; the failure also says {@code lastSeen}'s answer. */
    static void until(String what, Duration timeout, Duration every, Condition condition, Supplier<Object> lastSeen)
            throws Exception {
        value(what, timeout, every, () -> condition.holds() ? Boolean.TRUE : null, lastSeen);
    }

    /** Polls until {@code probe} gives a value, and returns it. */
    static <T> T value(String what, Duration timeout, Duration every, Probe<T> probe) throws Exception {
        return value(what, timeout, every, probe, () -> null);
    }

    static <T> T value(String what, Duration timeout, Duration every, Probe<T> probe, Supplier<Object> lastSeen)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.value();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() - deadline >= 0) {
                Object seen = lastSeen.get();
                throw new AssertionError("not within " + timeout + ": " + what + (seen == null ? "" : " (last seen: " + seen + ")"));
            }
            Thread.sleep(every.toMillis());
        }
    }
}
