package org.rareegress.runtime;

import java.util.concurrent.atomic.LongAdder;

/** What the HTTP limits did, for {@code /metrics}: requests refused, and tables served incomplete. */
final class HttpMetrics {
    private final LongAdder busy = new LongAdder();
    private final LongAdder unauthorized = new LongAdder();
    private final LongAdder tablesTruncated = new LongAdder();

    /** A data request beyond {@code http.max-concurrent-requests} was refused (429). */
    void countBusy() {
        busy.increment();
    }

    /** A data request without the {@code http.auth-token} was refused (401). */
    void countUnauthorized() {
        unauthorized.increment();
    }

    /** A table snapshot left rows out ({@code http.table-max-bytes}, or another instance's part cut). */
    void countTableTruncated() {
        tablesTruncated.increment();
    }

    long busy() {
        return busy.sum();
    }

    long unauthorized() {
        return unauthorized.sum();
    }

    long tablesTruncated() {
        return tablesTruncated.sum();
    }
}
