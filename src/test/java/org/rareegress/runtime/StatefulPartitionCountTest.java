package org.rareegress.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** With the cluster unreachable, one question waits out its timeout; the ones after it do not, for a while. */
class StatefulPartitionCountTest {
    private static final Duration ASK = Duration.ofMillis(500);

    @Test
    void anUnreachableClusterIsAskedAgainOnlyAfterTheFailureIsForgotten() throws Exception {
        AtomicLong now = new AtomicLong();
        Properties admin = new Properties();
        admin.put("bootstrap.servers", "127.0.0.1:" + freePort());
        try (StatefulPartitionCount count = new StatefulPartitionCount(admin, "app-repartition", ASK,
                Duration.ofSeconds(5), now::get)) {

            assertThat(timed(count)).as("the first question waits").isGreaterThanOrEqualTo(ASK.toMillis() - 50);
            assertThat(count.getAsInt()).isEqualTo(StatefulPartitionCount.UNKNOWN);
            for (int i = 0; i < 20; i++) {
                assertThat(timed(count)).as("a remembered failure answers at once").isLessThan(50);
            }
            now.addAndGet(TimeUnit.SECONDS.toNanos(5));
            assertThat(timed(count)).as("then it asks again").isGreaterThanOrEqualTo(ASK.toMillis() - 50);
        }
    }

    private static long timed(StatefulPartitionCount count) {
        long start = System.nanoTime();
        count.getAsInt();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
