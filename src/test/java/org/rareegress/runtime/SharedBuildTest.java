package org.rareegress.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SharedBuildTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger builds = new AtomicInteger();

    @Test
    void concurrentCallersShareOneBuild() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        SharedBuild<Integer> shared = new SharedBuild<>(() -> {
            release.await();
            return builds.incrementAndGet();
        }, Duration.ofSeconds(10), now::get);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(callers.submit(() -> shared.get(WAIT)));
            }
            Thread.sleep(200);
            release.countDown();

            for (Future<Integer> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            }
            assertThat(builds).hasValue(1);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aValueIsReusedUntilItIsOlderThanTheMaximumAge() throws Exception {
        SharedBuild<Integer> shared = new SharedBuild<>(builds::incrementAndGet, Duration.ofSeconds(10), now::get);

        assertThat(shared.get(WAIT)).isEqualTo(1);
        now.addAndGet(TimeUnit.SECONDS.toNanos(9));
        assertThat(shared.get(WAIT)).isEqualTo(1);
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(shared.get(WAIT)).isEqualTo(2);
    }

    @Test
    void aFailureIsKeptForASecondOnly() throws Exception {
        SharedBuild<Integer> shared = new SharedBuild<>(() -> {
            if (builds.incrementAndGet() == 1) {
                throw new IllegalStateException("stores rebalancing");
            }
            return builds.get();
        }, Duration.ofMinutes(1), now::get);

        assertThatThrownBy(() -> shared.get(WAIT)).hasMessage("stores rebalancing");
        assertThatThrownBy(() -> shared.get(WAIT)).as("the same failure, not a new build").hasMessage("stores rebalancing");
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(shared.get(WAIT)).isEqualTo(2);
    }
}
