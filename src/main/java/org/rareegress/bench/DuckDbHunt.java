package org.rareegress.bench;

import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.rareegress.config.Settings;
import org.rareegress.detect.DeviceSeen;
import org.rareegress.detect.HuntRow;
import org.rareegress.event.IpAddresses;
import org.rareegress.event.Timestamps;

/**
 * Row 3's batch peer: the whole hunt table (every column of {@link HuntRow} but the GeoIP ones) as one SQL
 * query in DuckDB over the same JSON-lines file, at the newest event time of the file, the way a data-lake
 * user would compute it. DuckDB is only on the classpath of a {@code -Pbench} build (an 80 MB jar the
 * product does not need), so this is looked up by name.
 *
 * <p>The SQL follows docs/design.md ("Semantics", "Bounded, exact state per process", "The hunt table") and
 * the naive model of it, {@code ReferenceHunt}, clause by clause:
 * <ul>
 * <li>Events are the rows the detector reads as events, its validation included ({@code EventValidator}:
 *     Timestamp, DeviceId and ActionType present, lengths, no control characters in names, MD5 and SHA256
 *     hex of the right length or empty, RemoteIP an address, RemotePort 0-65535; any other row is a dead
 *     letter, neither kept nor counted for the newest event time). Timestamps in nanoseconds from the text
 *     (Defender writes 7 fractional digits), not DuckDB's microsecond TIMESTAMP.</li>
 * <li>The filter is every {@code filter.*} clause: IPv4 or {@code ::ffff:}-mapped IPv4 in any of its IPv6
 *     spellings, outside {@code filter.excluded-networks}; pure IPv6 is out.</li>
 * <li>The table at {@code T}, the newest event time: a process's devices are those with a kept event in
 *     {@code (T - W, T]}; rare with fewer than N. In event-time order nothing is late and each value's
 *     last-seen time is its newest event, so the detector's capped evidence set (most recent win) holds the
 *     {@code detector.evidence-cap} values last seen most recently, and it "dropped something still in the
 *     window" ({@code EvidenceTruncated}) exactly when more distinct values than the cap were seen in the
 *     window. Command lines are evidence as {@code CommandLines.cut} cuts them (1,024 UTF-16 units,
 *     never half a surrogate pair, then "... [N more characters]").</li>
 * <li>{@code FirstSeen} is the start of the process's current episode: its state is deleted one window
 *     after its last kept event, so an event at least W after the previous one starts a new episode.</li>
 * <li>A device's name is the one of its newest event (in event-time order) that has a name, since the
 *     process's N newest devices last took it in: a device is forgotten when its last event leaves the
 *     window or N other devices are seen after it.</li>
 * </ul>
 * Not modelled (the comparison would show them, none occurs in the simulator's rows): ties at the evidence
 * cap between values last seen in the same 100 ns (kept here by value, by the detector in insertion order)
 * and between devices seen in the same 100 ns when N others push one out; string order and case where UTF-16
 * and UTF-8 disagree (characters above U+FFFF); input other than flat JSON rows (envelopes, Sentinel's
 * TimeGenerated, other formats, fields of a JSON type other than string, timestamps without seconds or with
 * a lower-case {@code t}/{@code z}).
 */
final class DuckDbHunt {
    static final String DRIVER = "org.duckdb.DuckDBDriver";

    private static final String HEX = "[0-9A-Fa-f]{1,4}";
    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    /** A strict dotted quad, as {@code IpAddresses}: no leading zeros. */
    static final String QUAD = OCTET + "([.]" + OCTET + "){3}";
    static final String IPV6 = ipv6Pattern();
    static final String MAPPED = mappedPattern();
    /** The newest event time is looked for among this many of the newest rows first. */
    static final int NEWEST_SCAN = 64;

    private DuckDbHunt() {
    }

    /**
     * The table as DuckDB computed it, as the same rows the backtest writes, and when.
     *
     * @param asOf the newest event time of the file, nanoseconds
     */
    record Result(List<HuntRow> table, long asOf, Measured time) {
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
        return run(file, settings, Clock.systemUTC());
    }

    static Result run(Path file, Settings settings, Clock clock) throws SQLException {
        Measured.Start start = Measured.start();
        long latestAllowed = latestAllowed(settings, clock);
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
            try (Statement setup = connection.createStatement()) {
                for (String macro : macros()) {
                    setup.execute(macro);
                }
            }
            Result result = query(connection, file, settings, latestAllowed, NEWEST_SCAN, start);
            // Only when none of the newest rows is an event (a file ending in dead letters): every row.
            return result != null ? result : query(connection, file, settings, latestAllowed, 0, start);
        }
    }

    /** The table, or null when the newest event time was not among the {@code newestScan} newest rows. */
    private static Result query(Connection connection, Path file, Settings settings, long latestAllowed, int newestScan,
                                Measured.Start start) throws SQLException {
        List<HuntRow> rows = new ArrayList<>();
        long asOf;
        try (PreparedStatement query = connection.prepareStatement(sql(settings, latestAllowed, newestScan))) {
            query.setString(1, file.toAbsolutePath().toString());
            try (ResultSet result = query.executeQuery()) {
                if (!result.next()) {
                    throw new IllegalStateException("DuckDB's hunt query returned nothing, not even the newest event time");
                }
                asOf = result.getLong("as_of");
                if (result.wasNull()) {
                    if (newestScan > 0) {
                        return null;
                    }
                    asOf = Long.MIN_VALUE;
                }
                do {
                    if (result.getString("process") != null) {
                        rows.add(row(result, settings.detector().threshold()));
                    }
                } while (result.next());
            }
        }
        return new Result(rows, asOf, start.stop());
    }

    /** The newest Timestamp the detector accepts now ({@code input.max-future-skew} past the wall clock). */
    static long latestAllowed(Settings settings, Clock clock) {
        long now = Timestamps.toNanos(clock.instant());
        Duration skew = settings.input().maxFutureSkew();
        long skewNanos = skew.compareTo(Duration.ofDays(100_000)) > 0 ? Long.MAX_VALUE : skew.toNanos();
        return skewNanos > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + skewNanos;
    }

    private static HuntRow row(ResultSet result, int threshold) throws SQLException {
        List<String> ids = list(result.getArray("device_ids"));
        List<String> names = list(result.getArray("device_names"));
        List<Long> seen = list(result.getArray("device_seen"));
        List<DeviceSeen> devices = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            devices.add(new DeviceSeen(ids.get(i), names.get(i), Timestamps.format(seen.get(i))));
        }
        long sampleIp = result.getLong("sample_ip");
        boolean noSampleIp = result.wasNull();
        List<Integer> ports = DuckDbHunt.<Number>list(result.getArray("ports")).stream().map(Number::intValue).toList();
        List<String> ips = DuckDbHunt.<Number>list(result.getArray("ips")).stream()
                .map(ip -> IpAddresses.format((int) ip.longValue())).toList();
        return new HuntRow(result.getString("process"), result.getInt("device_count"), list(result.getArray("hashes")),
                result.getString("sample_process"), noSampleIp ? null : IpAddresses.format((int) sampleIp), ports,
                null, null, null, null, devices, ips, Timestamps.format(result.getLong("first_seen")),
                Timestamps.format(result.getLong("last_seen")), result.getBoolean("truncated"), threshold);
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        List<T> values = new ArrayList<>();
        for (Object value : (Object[]) array.getArray()) {
            values.add((T) value);
        }
        return values;
    }

    /** Small functions the query uses; each is one level deep, as DuckDB expands macros in place. */
    static List<String> macros() {
        return List.of(
                "CREATE TEMP MACRO quad_value(s) AS CAST(split_part(s, '.', 1) AS BIGINT) * 16777216"
                        + " + CAST(split_part(s, '.', 2) AS BIGINT) * 65536 + CAST(split_part(s, '.', 3) AS BIGINT) * 256"
                        + " + CAST(split_part(s, '.', 4) AS BIGINT)",
                // A 16-bit group of a mapped address's last two; empty where '::' stood for it.
                "CREATE TEMP MACRO hex_group(g) AS CAST('0x' || coalesce(nullif(g, ''), '0') AS BIGINT)",
                // Characters above U+FFFF: two UTF-16 units each in Java's String.length(), one here.
                "CREATE TEMP MACRO astral(s) AS length(regexp_replace(s, '[^\\x{10000}-\\x{10FFFF}]', '', 'g'))");
    }

    /**
     * The hunt table at the newest event time of the file ({@code ?}: the file), with the configured
     * filter, window, threshold and evidence cap.
     *
     * @param latestAllowed the newest Timestamp accepted, as {@code input.max-future-skew} sets it
     * @param newestScan how many of the newest rows to look at for the newest event time (0: every row);
     *                   when none of them is an event, the query's {@code as_of} is NULL
     */
    static String sql(Settings settings, long latestAllowed, int newestScan) {
        var filter = settings.filter();
        var detector = settings.detector();
        long window = detector.windowNanos();
        String excludedRegex = filter.excludedProcessRegex() == null ? null : filter.excludedProcessRegex().pattern();
        return """
                WITH input AS (
                  SELECT * FROM read_json(?, format = 'newline_delimited', ignore_errors = true, columns = {
                    Timestamp: 'VARCHAR', DeviceId: 'VARCHAR', DeviceName: 'VARCHAR', ActionType: 'VARCHAR',
                    Protocol: 'VARCHAR', RemoteIPType: 'VARCHAR', RemoteIP: 'VARCHAR', RemotePort: 'VARCHAR',
                    RemoteUrl: 'VARCHAR', InitiatingProcessFileName: 'VARCHAR', InitiatingProcessMD5: 'VARCHAR',
                    InitiatingProcessSHA256: 'VARCHAR', InitiatingProcessCommandLine: 'VARCHAR',
                    InitiatingProcessFolderPath: 'VARCHAR'})),
                timed AS (SELECT *, epoch_ns(try_cast(Timestamp AS TIMESTAMP_NS)) AS t FROM input),
                -- The filter, every filter.* clause, on the rows the detector reads as events (the validation below).
                candidates AS (
                  SELECT t, DeviceId, DeviceName, RemoteIP, try_cast(RemotePort AS INTEGER) AS port,
                         InitiatingProcessFileName AS file_name, InitiatingProcessMD5 AS md5,
                         InitiatingProcessSHA256 AS sha256, InitiatingProcessCommandLine AS cmd,
                         InitiatingProcessFolderPath AS folder
                  FROM timed
                  WHERE Protocol IN (%4$s) AND ActionType IN (%5$s) AND RemoteIPType IN (%6$s) AND %7$s
                    AND InitiatingProcessFileName <> '' AND ends_with(lower(InitiatingProcessFileName), lower(%8$s)) AND %9$s
                    AND coalesce(RemotePort, '') <> '' AND try_cast(RemotePort AS INTEGER) NOT IN (%10$s)
                    AND %16$s),
                -- The newest event time: the newest rows that are events (a second pass over every row only when none
                -- of the %17$d newest is one).
                latest AS (SELECT * FROM timed WHERE t IS NOT NULL ORDER BY t DESC%18$s),
                now AS (SELECT max(t) AS as_of FROM latest WHERE %16$s),
                addressed AS (
                  SELECT *, CASE WHEN regexp_full_match(RemoteIP, '%11$s')
                                 THEN regexp_extract(RemoteIP, '^[0:]*[fF]{4}:(.*)$', 1) END AS mapped_tail
                  FROM candidates),
                unsigned AS (
                  SELECT *, CASE WHEN regexp_full_match(RemoteIP, '%1$s') THEN quad_value(RemoteIP)
                                 WHEN contains(mapped_tail, '.') THEN quad_value(mapped_tail)
                                 WHEN mapped_tail IS NOT NULL THEN hex_group(split_part(mapped_tail, ':', 1)) * 65536
                                                                   + hex_group(split_part(mapped_tail, ':', 2)) END AS ip
                  FROM addressed),
                kept AS (
                  SELECT t, DeviceId, DeviceName, ip, port, file_name, lower(file_name) AS process,
                         nullif(md5, '') AS md5, nullif(sha256, '') AS sha256, nullif(cmd, '') AS cmd,
                         nullif(folder, '') AS folder
                  FROM unsigned WHERE ip IS NOT NULL AND NOT (%12$s)),
                -- The table at the newest event time of the file.
                windowed AS (SELECT kept.* FROM kept, now WHERE kept.t > now.as_of - %13$d),
                rare AS (
                  SELECT process, count(DISTINCT DeviceId) AS device_count, max(t) AS last_seen
                  FROM windowed GROUP BY process HAVING count(DISTINCT DeviceId) < %14$d),
                rare_windowed AS (SELECT windowed.* FROM windowed JOIN rare USING (process)),
                history AS (SELECT kept.* FROM kept JOIN rare USING (process)),
                -- FirstSeen: a process's state goes one window after its last kept event.
                episodes AS (
                  SELECT process, max(t) AS first_seen
                  FROM (SELECT process, t, lag(t) OVER (PARTITION BY process ORDER BY t) AS before FROM history)
                  WHERE before IS NULL OR t - before >= %13$d GROUP BY process),
                -- Devices: last seen, and the name of the newest event with one (event-time order).
                devices AS (
                  SELECT process, DeviceId, max(t) AS last_seen, max(t) FILTER (WHERE DeviceName IS NOT NULL) AS named_at,
                         first(DeviceName ORDER BY t DESC, ip DESC, port DESC, file_name DESC, md5 DESC NULLS LAST,
                                               cmd DESC NULLS LAST, sha256 DESC NULLS LAST, DeviceName DESC,
                                               folder DESC NULLS LAST) FILTER (WHERE DeviceName IS NOT NULL) AS name
                  FROM history GROUP BY process, DeviceId
                  HAVING max(t) > (SELECT as_of FROM now) - %13$d),
                device_runs AS (
                  SELECT process, DeviceId, t, lag(t) OVER (PARTITION BY process, DeviceId ORDER BY t) AS before
                  FROM history),
                -- A device forgotten (out of the window, or N newer devices) after its last named event.
                renamed AS (
                  SELECT DISTINCT r.process, r.DeviceId
                  FROM device_runs r JOIN devices d ON r.process = d.process AND r.DeviceId = d.DeviceId AND r.t > d.named_at
                  WHERE r.before IS NULL OR r.t - r.before >= %13$d
                     OR (SELECT count(DISTINCT o.DeviceId) FROM history o
                         WHERE o.process = r.process AND o.DeviceId <> r.DeviceId
                           AND (o.t > r.before OR (o.t = r.before AND o.DeviceId < r.DeviceId))
                           AND (o.t < r.t OR (o.t = r.t AND o.DeviceId < r.DeviceId))) >= %14$d),
                device_lists AS (
                  SELECT d.process, list(d.DeviceId ORDER BY d.DeviceId) AS device_ids,
                         list(CASE WHEN n.DeviceId IS NULL THEN d.name END ORDER BY d.DeviceId) AS device_names,
                         list(d.last_seen ORDER BY d.DeviceId) AS device_seen
                  FROM devices d LEFT JOIN renamed n ON d.process = n.process AND d.DeviceId = n.DeviceId
                  GROUP BY d.process),
                -- Command lines as evidence: cut as CommandLines.cut (1,024 UTF-16 units).
                lines AS (SELECT DISTINCT cmd FROM rare_windowed WHERE length(cmd) > 512),
                line_units AS (SELECT cmd, length(cmd) + astral(cmd) AS units FROM lines),
                line_cuts AS (
                  SELECT cmd, units,
                         CASE WHEN astral(substring(cmd, 1, 1024)) = 0 THEN 1024
                              ELSE list_max(list_filter(range(1, 1025),
                                                        k -> k + astral(substring(cmd, 1, k)) <= 1024)) END AS chars
                  FROM line_units WHERE units > 1024),
                cut AS (
                  SELECT cmd, substring(cmd, 1, chars) || '... [' || (units - chars - astral(substring(cmd, 1, chars)))
                              || ' more characters]' AS text
                  FROM line_cuts),
                -- Evidence: each value's last-seen time; the cap keeps the most recent.
                evidence AS (
                  SELECT process, 1 AS kind, md5 AS text, NULL::BIGINT AS number, max(t) AS seen
                  FROM rare_windowed WHERE md5 IS NOT NULL GROUP BY process, md5
                  UNION ALL
                  SELECT process, 2, NULL, port, max(t) FROM rare_windowed GROUP BY process, port
                  UNION ALL
                  SELECT process, 3, NULL, ip, max(t) FROM rare_windowed GROUP BY process, ip
                  UNION ALL
                  SELECT w.process, 4, coalesce(c.text, w.cmd), NULL, max(w.t)
                  FROM rare_windowed w LEFT JOIN cut c ON w.cmd = c.cmd
                  WHERE w.cmd IS NOT NULL GROUP BY w.process, coalesce(c.text, w.cmd)),
                ranked AS (
                  SELECT *, row_number() OVER (PARTITION BY process, kind ORDER BY seen DESC, text, number) AS recency,
                         count(*) OVER (PARTITION BY process, kind) AS size
                  FROM evidence),
                facts AS (
                  SELECT process,
                         list(text ORDER BY text) FILTER (WHERE kind = 1 AND recency <= %15$d) AS hashes,
                         list(number ORDER BY number) FILTER (WHERE kind = 2 AND recency <= %15$d) AS ports,
                         list(number ORDER BY number) FILTER (WHERE kind = 3 AND recency <= %15$d) AS ips,
                         first(text ORDER BY seen DESC, text) FILTER (WHERE kind = 4 AND recency <= %15$d) AS sample_process,
                         first(number ORDER BY seen DESC, number) FILTER (WHERE kind = 3 AND recency <= %15$d) AS sample_ip,
                         bool_or(size > %15$d) AS truncated
                  FROM ranked GROUP BY process),
                table_rows AS (
                  SELECT r.process, r.device_count, f.hashes, f.sample_process, f.sample_ip, f.ports,
                         l.device_ids, l.device_names, l.device_seen, f.ips, e.first_seen, r.last_seen, f.truncated
                  FROM rare r JOIN facts f USING (process) JOIN episodes e USING (process) JOIN device_lists l USING (process))
                SELECT table_rows.*, now.as_of FROM now LEFT JOIN table_rows ON true
                ORDER BY table_rows.device_count, table_rows.process
                """.formatted(QUAD, IPV6, latestAllowed,
                strings(filter.protocols()), strings(filter.actionTypes()), strings(filter.remoteIpTypes()),
                filter.requireEmptyRemoteUrl() ? "coalesce(RemoteUrl, '') = ''" : "true",
                quote(filter.processSuffix()),
                excludedRegex == null ? "true" : "NOT regexp_matches(InitiatingProcessFileName, " + quote(excludedRegex) + ")",
                filter.excludedPorts().isEmpty() ? "-1"
                        : filter.excludedPorts().stream().sorted().map(String::valueOf).collect(Collectors.joining(", ")),
                MAPPED, excluded(filter.excludedNetworks().cidrs()), window, detector.threshold(),
                detector.evidenceCap(), isEvent(latestAllowed), newestScan,
                newestScan > 0 ? " LIMIT " + newestScan : "");
    }

    /**
     * Whether a row of {@code timed} is what the detector reads as an event ({@code EventValidator},
     * {@code IpAddresses}, the RemotePort rules); every other row is a dead letter.
     */
    static String isEvent(long latestAllowed) {
        return """
                (t >= 0 AND t <= %3$d
                    AND regexp_full_match(Timestamp,
                          '[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})?')
                    AND DeviceId <> '' AND ActionType <> ''
                    AND length(DeviceId) <= 256 AND length(coalesce(DeviceName, '')) <= 256
                    AND length(ActionType) <= 1024 AND length(coalesce(Protocol, '')) <= 1024
                    AND length(coalesce(RemoteIPType, '')) <= 1024
                    AND length(coalesce(InitiatingProcessFileName, '')) <= 260
                    AND NOT regexp_matches(coalesce(InitiatingProcessFileName, '') || '/' || DeviceId || '/'
                                           || coalesce(DeviceName, ''), '[\\x00-\\x1f]')
                    AND (coalesce(InitiatingProcessMD5, '') = '' OR regexp_full_match(InitiatingProcessMD5, '[0-9A-Fa-f]{32}'))
                    AND (coalesce(InitiatingProcessSHA256, '') = ''
                         OR regexp_full_match(InitiatingProcessSHA256, '[0-9A-Fa-f]{64}'))
                    AND length(coalesce(RemoteUrl, '')) <= 32768 AND length(coalesce(InitiatingProcessCommandLine, '')) <= 32768
                    AND length(coalesce(InitiatingProcessFolderPath, '')) <= 32768
                    AND (coalesce(RemoteIP, '') = '' OR regexp_full_match(RemoteIP, '%1$s')
                         OR (contains(RemoteIP, ':') AND length(RemoteIP) <= 45 AND regexp_full_match(RemoteIP, '%2$s')))
                    AND (coalesce(RemotePort, '') = ''
                         OR (regexp_full_match(RemotePort, '[0-9]{1,5}') AND CAST(RemotePort AS INTEGER) <= 65535)))                """.formatted(QUAD, IPV6, latestAllowed);
    }

    /** {@code ip BETWEEN first AND last OR ...} over the excluded blocks (unsigned); {@code false} when none. */
    static String excluded(List<String> cidrs) {
        if (cidrs.isEmpty()) {
            return "false";
        }
        List<String> ranges = new ArrayList<>();
        for (String cidr : cidrs) {
            String[] parts = cidr.split("/");
            int address = IpAddresses.parse(parts[0]).ipv4();
            int prefix = Integer.parseInt(parts[1]);
            long first = Integer.toUnsignedLong(address) & (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
            long last = first + (1L << (32 - prefix)) - 1;
            ranges.add("ip BETWEEN " + first + " AND " + last);
        }
        return String.join(" OR ", ranges);
    }

    /**
     * An IPv6 literal as the detector accepts one (event.IpAddresses): eight groups of 1-4 hex
     * digits, the last two possibly a dotted quad, one {@code ::} standing for at least one zero group.
     */
    static String ipv6Pattern() {
        List<String> forms = new ArrayList<>();
        forms.add("(" + HEX + ":){7}" + HEX);
        forms.add("(" + HEX + ":){6}" + QUAD);
        for (int left = 0; left <= 7; left++) {
            String before = left == 0 ? "" : "(" + HEX + ":){" + (left - 1) + "}" + HEX;
            int right = 7 - left;
            forms.add(before + "::" + (right == 0 ? "" : "((" + HEX + ":){0," + (right - 1) + "}" + HEX + ")?"));
            if (left <= 5) {
                forms.add(before + "::(" + HEX + ":){0," + (5 - left) + "}" + QUAD);
            }
        }
        return "(" + String.join("|", forms) + ")";
    }

    /**
     * An IPv4-mapped IPv6 literal (five zero groups, {@code ffff}, the address), which the JDK reads as the
     * IPv4 address: in every spelling, the address as a dotted quad or two hex groups, {@code ::} in the
     * zeros or, with the zeros written out, in the address's groups.
     */
    static String mappedPattern() {
        String zero = "0{1,4}";
        String ffff = "[fF]{4}:";
        String address = "(" + HEX + ":" + HEX + "|" + QUAD + ")";
        List<String> forms = new ArrayList<>();
        forms.add("(" + zero + ":){5}" + ffff + "(" + HEX + ":" + HEX + "|" + QUAD + "|:|:" + HEX + "|" + HEX + "::)");
        for (int left = 0; left <= 4; left++) {
            for (int right = 0; left + right <= 4; right++) {
                String before = left == 0 ? "" : "(" + zero + ":){" + (left - 1) + "}" + zero;
                forms.add(before + "::" + (right == 0 ? "" : "(" + zero + ":){" + right + "}") + ffff + address);
            }
        }
        return "(" + String.join("|", forms) + ")";
    }

    private static String strings(Collection<String> values) {
        return values.isEmpty() ? "NULL" : values.stream().sorted().map(DuckDbHunt::quote).collect(Collectors.joining(", "));
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
