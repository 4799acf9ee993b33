package org.rareegress.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.rareegress.config.Settings;
import org.rareegress.config.SettingsLoader;
import org.rareegress.detect.DeviceSeen;
import org.rareegress.detect.HuntRow;

/**
 * The backtest's hunt table over duckdb-peer-cases.jsonl, the edge cases .ci/run hands to bench row 3 so that
 * DuckDB's SQL is compared with the detector where the simulator's fleet never goes (each row of the file names
 * its case in "Case"; duckdb-peer-cases.py writes it). This test says the file reaches those cases: if the
 * detector's table changed, the comparison in CI would no longer cover what it claims to.
 */
class DuckDbPeerCasesTest {
    static final String FILE = "/org/rareegress/bench/duckdb-peer-cases.jsonl";
    static final String SETTINGS = "/org/rareegress/bench/duckdb-peer-cases.properties";

    @Test
    void theBacktestsTableOverTheEdgeCases() throws Exception {
        Settings settings = SettingsLoader.load(resource(SETTINGS), Map.of(), List.of());

        BacktestBench.Result backtest = BacktestBench.run(resource(FILE), settings);

        // 177 lines: 95 events; the 82 others are dead letters, 70 of them stamped after every event.
        assertThat(backtest.events()).isEqualTo(95);
        assertThat(backtest.table().stream().map(DuckDbPeerCasesTest::summary)).containsExactly(
                "boundary.exe 1 devices ['b2.corp.example'], 1 hashes, sample 'boundary.exe --run' 203.0.113.10, ports [2222], ips [203.0.113.10], first 09:00:00Z, last 09:00:00.000000100Z",
                "cutmerge.exe 1 devices ['u1.corp.example'], 1 hashes, sample 'other two' 203.0.113.10, ports [4444, 4446], ips [203.0.113.10], first 09:20:00Z, last 09:24:00Z",
                "episode-almost.exe 1 devices ['p3.corp.example'], 1 hashes, sample 'episode-almost.exe --run' 203.0.113.10, ports [4444], ips [203.0.113.10], first 07:30:00Z, last 09:15:00Z",
                "episode-exact.exe 1 devices ['p2.corp.example'], 1 hashes, sample 'episode-exact.exe --run' 203.0.113.10, ports [4444], ips [203.0.113.10], first 08:30:00Z, last 09:15:00Z",
                "episode.exe 1 devices ['p1.corp.example'], 1 hashes, sample 'episode.exe --run' 203.0.113.10, ports [4444], ips [203.0.113.10], first 08:20:00Z, last 09:10:00Z",
                "evict-control.exe 1 devices ['e1.corp.example'], 1 hashes, sample 'evict-control.exe --run' 203.0.113.10, ports [4444], ips [203.0.113.10], first 08:20:00Z, last 09:10:00Z",
                "evict.exe 1 devices [null], 1 hashes, sample 'evict.exe --run' 203.0.113.10, ports [4444], ips [203.0.113.10], first 08:20:00Z, last 09:10:00Z",
                "expired.exe 1 devices [null], 1 hashes, sample 'expired.exe --run' 203.0.113.10, ports [4444], ips [203.0.113.10], first 07:50:00Z, last 09:10:00Z",
                "filtered.exe 1 devices ['g1.corp.example'], 1 hashes, sample 'filtered.exe --run' 203.0.113.10, ports [8080], ips [203.0.113.10], first 09:40:00Z, last 09:40:00Z",
                "longcmd1.exe 1 devices ['l1.corp.example'], 1 hashes, sample '...AAAAA... [476 more characters] (1049 chars)' 203.0.113.10, ports [4444], ips [203.0.113.10], first 09:39:00Z, last 09:39:00Z",
                "longcmd2.exe 1 devices ['l2.corp.example'], 1 hashes, sample '...aaaaaa... [12 more characters] (1047 chars)' 203.0.113.10, ports [4444], ips [203.0.113.10], first 09:39:00Z, last 09:39:00Z",
                "longcmd3.exe 1 devices ['l3.corp.example'], 1 hashes, sample '...😀😀😀😀😀... [176 more characters] (1049 chars)' 203.0.113.10, ports [4444], ips [203.0.113.10], first 09:39:00Z, last 09:39:00Z",
                "longcmd4.exe 1 devices ['l4.corp.example'], 1 hashes, sample '...cccccccccccccccccccccccccccccc (1024 chars)' 203.0.113.10, ports [4444], ips [203.0.113.10], first 09:39:00Z, last 09:39:00Z",
                "longcmd5.exe 1 devices ['l5.corp.example'], 1 hashes, sample '...ddddddd... [1 more characters] (1047 chars)' 203.0.113.10, ports [4444], ips [203.0.113.10], first 09:39:00Z, last 09:39:00Z",
                "mapped.exe 1 devices ['m1.corp.example'], 1 hashes, sample 'mapped.exe --run' 100.1.0.0, ports [4444], ips [8.8.4.4, 100.1.0.0, 200.1.1.1], first 09:10:00Z, last 09:31:00Z, truncated",
                "mapped3.exe 1 devices ['m4.corp.example'], 1 hashes, sample 'mapped3.exe --run' 10.0.0.0, ports [4444, 4445], ips [0.0.0.0, 0.0.0.1, 10.0.0.0], first 09:35:00Z, last 09:37:00Z",
                "tool.exe 1 devices ['f1.corp.example'], 2 hashes, sample 'tool.exe --run' 203.0.113.10, ports [4444], ips [203.0.113.10], first 09:40:00Z, last 09:50:00Z",
                "trunc.exe 1 devices ['k1.corp.example'], 1 hashes, sample 'trunc.exe --run' 203.0.113.10, ports [1002, 1003, 1004], ips [203.0.113.10], first 08:50:00Z, last 09:40:00Z",
                "trunc2.exe 1 devices ['k2.corp.example'], 1 hashes, sample 'trunc2.exe --run' 203.0.113.10, ports [1002, 1003, 1004], ips [203.0.113.10], first 09:10:00Z, last 09:40:00Z, truncated",
                "trunc3.exe 1 devices ['k3.corp.example'], 1 hashes, sample 'trunc3.exe --run' 203.0.113.10, ports [1001, 1003, 1004], ips [203.0.113.10], first 09:10:00Z, last 09:50:00Z, truncated",
                "was-common.exe 1 devices ['w1.corp.example'], 1 hashes, sample 'was-common.exe --run' 203.0.113.10, ports [3011], ips [203.0.113.10], first 08:20:00Z, last 09:30:00Z",
                "cmdtie.exe 2 devices ['t2.corp.example', 't1.corp.example'], 1 hashes, sample 'apple' 203.0.113.10, ports [4444], ips [203.0.113.10], first 09:41:00Z, last 09:41:00Z",
                "invalid.exe 2 devices ['i1.corp.example', 'i2.corp.example'], 1 hashes, sample 'invalid.exe --run' 203.0.113.10, ports [9000, 9012, 9013], ips [203.0.113.10], first 09:40:00Z, last 09:43:00.123456789Z",
                "mapped2.exe 2 devices ['m2.corp.example', 'm3.corp.example'], 1 hashes, sample 'mapped2.exe --run' 9.9.9.9, ports [4444, 4447], ips [1.2.3.4, 9.9.9.9, 200.0.0.1], first 09:35:00Z, last 09:40:00Z",
                "names.exe 2 devices ['', 'n1.corp.example'], 1 hashes, sample 'names.exe --run' 203.0.113.10, ports [4444], ips [203.0.113.10], first 09:10:00Z, last 09:30:00Z");
    }

    /** The columns that carry a case, in one line; SampleProcess by its end and its length in UTF-16 units. */
    static String summary(HuntRow row) {
        String sample = row.sampleProcess();
        if (sample.length() > 40) {
            sample = "..." + sample.substring(sample.offsetByCodePoints(sample.length(), -30)) + " (" + sample.length() + " chars)";
        }
        String names = row.devices().stream().map(DeviceSeen::deviceName)
                .map(name -> name == null ? "null" : "'" + name + "'").collect(Collectors.joining(", "));
        return String.format("%s %d devices [%s], %d hashes, sample '%s' %s, ports %s, ips [%s], first %s, last %s%s",
                row.process(), row.deviceCount(), names, row.hashes().size(), sample, row.sampleRemoteIp(), row.ports(),
                String.join(", ", row.remoteIps()), row.firstSeen().substring(11), row.lastSeen().substring(11),
                row.evidenceTruncated() ? ", truncated" : "");
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(DuckDbPeerCasesTest.class.getResource(name).toURI());
    }
}
