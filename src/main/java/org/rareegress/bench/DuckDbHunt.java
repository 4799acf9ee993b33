package org.rareegress.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.rareegress.config.Settings;

/**
 * Row 3's batch peer: the seed hunt as one SQL query in DuckDB over the same JSON-lines file, the way a
 * data-lake user would run it. DuckDB is only on the classpath of a {@code -Pbench} build (an 80 MB
 * jar the product does not need), so this is looked up by name.
 */
final class DuckDbHunt {
    static final String DRIVER = "org.duckdb.DuckDBDriver";

    private DuckDbHunt() {
    }

    /** One row of the hunt table as DuckDB computed it. */
    record Row(String process, int deviceCount, List<Integer> ports) {
    }

    record Result(List<Row> table, Measured time) {
    }

    static boolean available() {
        try {
            Class.forName(DRIVER);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    static Result run(Path file, Settings settings) throws SQLException {
        Measured.Start start = Measured.start();
        List<Row> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             PreparedStatement query = connection.prepareStatement(sql(settings))) {
            query.setString(1, file.toAbsolutePath().toString());
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    Object[] ports = (Object[]) result.getArray(3).getArray();
                    List<Integer> portList = new ArrayList<>();
                    for (Object port : ports) {
                        portList.add(((Number) port).intValue());
                    }
                    rows.add(new Row(result.getString(1), result.getInt(2), portList));
                }
            }
        }
        return new Result(rows, start.stop());
    }

    /**
     * The seed query with the configured filter, threshold and window. Timestamps are cut to microseconds
     * (DuckDB's TIMESTAMP); "now" is the newest Timestamp in the file, as {@code backtest --report} uses.
     */
    static String sql(Settings settings) {
        var filter = settings.filter();
        long windowSeconds = settings.detector().window().toSeconds();
        String excludedRegex = filter.excludedProcessRegex() == null ? null : filter.excludedProcessRegex().pattern();
        return """
                WITH events AS (
                  SELECT * FROM read_json(?, format = 'newline_delimited', columns = {
                    Timestamp: 'VARCHAR', DeviceId: 'VARCHAR', ActionType: 'VARCHAR', Protocol: 'VARCHAR',
                    RemoteIPType: 'VARCHAR', RemoteIP: 'VARCHAR', RemotePort: 'INTEGER', RemoteUrl: 'VARCHAR',
                    InitiatingProcessFileName: 'VARCHAR', InitiatingProcessMD5: 'VARCHAR',
                    InitiatingProcessCommandLine: 'VARCHAR'})),
                timed AS (SELECT *, CAST(substr(Timestamp, 1, 26) AS TIMESTAMP) AS ts FROM events),
                newest AS (SELECT max(ts) AS t FROM timed),
                kept AS (
                  SELECT lower(InitiatingProcessFileName) AS process, DeviceId, ts, RemotePort AS port
                  FROM timed
                  WHERE Protocol IN (%s) AND ActionType IN (%s) AND RemoteIPType IN (%s)
                    AND %s
                    AND regexp_full_match(RemoteIP, '(::[fF]{4}:)?[0-9]{1,3}([.][0-9]{1,3}){3}')
                    AND lower(InitiatingProcessFileName) LIKE '%%' || lower(%s)
                    AND %s
                    AND RemotePort NOT IN (%s))
                SELECT process, count(DISTINCT DeviceId) AS device_count, list(DISTINCT port ORDER BY port) AS ports
                FROM kept, newest
                WHERE ts > t - INTERVAL %d SECOND AND ts <= t
                GROUP BY process
                HAVING count(DISTINCT DeviceId) < %d
                ORDER BY device_count, process
                """.formatted(strings(filter.protocols()), strings(filter.actionTypes()), strings(filter.remoteIpTypes()),
                filter.requireEmptyRemoteUrl() ? "coalesce(RemoteUrl, '') = ''" : "true",
                quote(filter.processSuffix()),
                excludedRegex == null ? "true" : "NOT regexp_matches(InitiatingProcessFileName, " + quote(excludedRegex) + ")",
                filter.excludedPorts().isEmpty() ? "-1"
                        : filter.excludedPorts().stream().map(String::valueOf).collect(Collectors.joining(", ")),
                windowSeconds, settings.detector().threshold());
    }

    private static String strings(Collection<String> values) {
        return values.isEmpty() ? "NULL" : values.stream().sorted().map(DuckDbHunt::quote).collect(Collectors.joining(", "));
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
