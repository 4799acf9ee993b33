package org.rareegress.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.rareegress.backtest.Backtest;
import org.rareegress.config.Settings;
import org.rareegress.detect.HuntRow;
import org.rareegress.enrich.Enricher;
import org.rareegress.enrich.Enrichers;

/**
 * Row 2: {@code backtest} as the command runs it, the full topology over the file through
 * processors called directly, ending with the hunt table at the newest event time (what {@code --report} writes).
 */
final class BacktestBench {
    private BacktestBench() {
    }

    /** @param evicted processes evicted past {@code detector.max-tracked-processes} (DuckDB's table keeps them all) */
    record Result(long events, long kept, long alerts, long evicted, List<HuntRow> table, Measured time) {
    }

    static Result run(Path file, Settings settings) throws IOException {
        long[] alerts = {0};
        Measured.Start start = Measured.start();
        try (Enricher enricher = Enrichers.create(settings.geoip());
             Backtest backtest = new Backtest(settings, enricher, Clock.systemUTC(), Long.MAX_VALUE, json -> alerts[0]++)) {
            backtest.feed(file);
            backtest.drain();
            long newest = backtest.metrics().newestEventTime();
            List<HuntRow> table = newest == Long.MIN_VALUE ? List.of() : backtest.table(newest);
            Measured time = start.stop();
            return new Result(backtest.metrics().eventsRead(), backtest.metrics().kept(), alerts[0],
                    backtest.metrics().processesEvicted(), table, time);
        }
    }
}
