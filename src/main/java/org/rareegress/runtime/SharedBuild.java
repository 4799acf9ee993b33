package org.rareegress.runtime;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * A value built at most once per {@code maxAge}, one build at a time: callers that come while it is being
 * built wait for that build rather than start their own, so a hundred requests cost one store scan. A
 * failure is kept for at most a second, so a flood of requests against a failing build costs one build a
 * second while the detector still recovers quickly (e.g. after a rebalance).
 */
final class SharedBuild<T> {
    /** Builds the value; may throw. */
    interface Builder<T> {
        T build() throws Exception;
    }

    private static final long FAILURE_TTL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Builder<T> builder;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private CompletableFuture<T> current;
    private long completedAt;

    SharedBuild(Builder<T> builder, Duration maxAge, LongSupplier nanoTime) {
        this.builder = builder;
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * The current value, built on this thread when none is fresh and no other thread is building one.
     *
     * @throws TimeoutException when another thread's build takes longer than {@code wait}
     * @throws Exception        the build's failure
     */
    T get(Duration wait) throws Exception {
        CompletableFuture<T> future;
        boolean mine = false;
        synchronized (this) {
            if (current == null || stale()) {
                current = new CompletableFuture<>();
                mine = true;
            }
            future = current;
        }
        if (mine) {
            build(future);
        }
        try {
            return future.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private boolean stale() {
        if (!current.isDone()) {
            return false;
        }
        long ttl = current.isCompletedExceptionally() ? Math.min(FAILURE_TTL_NANOS, maxAgeNanos) : maxAgeNanos;
        return nanoTime.getAsLong() - completedAt >= ttl;
    }

    private void build(CompletableFuture<T> future) {
        T value = null;
        Throwable failure = null;
        try {
            value = builder.build();
        } catch (Throwable e) {
            failure = e;
        }
        synchronized (this) {
            completedAt = nanoTime.getAsLong();
        }
        if (failure == null) {
            future.complete(value);
        } else {
            future.completeExceptionally(failure);
        }
    }
}
