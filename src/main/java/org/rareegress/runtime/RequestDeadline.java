package org.rareegress.runtime;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes a connection on which no new request has arrived for a whole {@code http.request-timeout}. Jetty's
 * idle timeout alone is reset by every byte, so a client trickling one header byte at a time (slow loris)
 * would keep its connection forever; this bounds it whatever the client sends. The same rule ends idle
 * keep-alive connections and responses the client does not read.
 */
final class RequestDeadline implements Connection.Listener {
    private final Scheduler scheduler;
    private final long timeoutMillis;

    RequestDeadline(Scheduler scheduler, Duration timeout) {
        this.scheduler = scheduler;
        this.timeoutMillis = timeout.toMillis();
    }

    @Override
    public void onOpened(Connection connection) {
        watch(connection, connection.getMessagesIn());
    }

    private void watch(Connection connection, long requestsSeen) {
        scheduler.schedule(() -> {
            if (!connection.getEndPoint().isOpen()) {
                return;
            }
            long requests = connection.getMessagesIn();
            if (requests == requestsSeen) {
                connection.getEndPoint().close();
            } else {
                watch(connection, requests);
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS);
    }
}
