package org.rareegress.simulate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.rareegress.event.Timestamps;

/**
 * The cases the refined dimensions exist for (docs/dimensions.md), as Defender rows on a fleet where every
 * program runs everywhere, so that the seed ({@code process}) sees nothing rare:
 * <ul>
 *   <li>a reverse shell: {@value #SHELL} on one device to port {@value #SHELL_PORT}, a port no other device uses
 *       with it (alerted by process-port);</li>
 *   <li>a masquerade: {@value #MASQUERADE} from a binary whose hash no other device has (process-hash);</li>
 *   <li>a port-diverse program, {@value #DIVERSE}, a new high port per connection (not informative: silent);</li>
 *   <li>a roll-out, {@value #ROLLOUT}, every device moving to a new version within three hours (silent with
 *       {@code alert.confirm-after.process-hash=PT6H}).</li>
 * </ul>
 * Deterministic for a seed: the same rows every run. A small fixture of its own for the backtest's dimension
 * tests; {@code simulate --dimension-cases} ({@link DimensionCatalog}) plants the same stories in a whole fleet.
 */
public final class DimensionCases {
    public static final String SHELL = "powershell.exe";
    public static final int SHELL_PORT = 4444;
    public static final String SHELL_DEVICE = "dev-03";
    public static final String MASQUERADE = "onedrive.exe";
    public static final String MASQUERADE_DEVICE = "dev-07";
    public static final String MASQUERADE_SHA256 = "badc0ffee0ddf00d".repeat(4);
    public static final String DIVERSE = "game.exe";
    public static final String ROLLOUT = "teams.exe";
    public static final int DEVICES = 12;

    private static final long HOUR = Duration.ofHours(1).toNanos();
    private final Random random;
    private final long start;

    public DimensionCases(long seed, Instant start) {
        this.random = new Random(seed);
        this.start = Timestamps.toNanos(start);
    }

    /** {@code days} of traffic, in Timestamp order, one JSON row a line. */
    public List<String> rows(int days) {
        List<Row> rows = new ArrayList<>();
        for (int day = 0; day < days; day++) {
            for (int d = 0; d < DEVICES; d++) {
                long base = start + day * 24 * HOUR + d * 60_000_000_000L;
                rows.add(new Row(base, d, SHELL, 5985, hash("powershell", 1)));
                rows.add(new Row(base + HOUR, d, MASQUERADE, 9000, hash("onedrive", 1)));
                for (int k = 0; k < 3; k++) {
                    rows.add(new Row(base + (2 + k) * HOUR + HOUR / 2, d, DIVERSE, 20_000 + random.nextInt(40_000),
                            hash("game", 1)));
                }
                // The roll-out: version 2 reaches every device, one every 15 minutes, on day 2 from 08:00.
                long rolledAt = start + 2 * 24 * HOUR + 8 * HOUR + d * HOUR / 4;
                long teamsAt = base + 6 * HOUR;
                rows.add(new Row(teamsAt, d, ROLLOUT, 8801, hash("teams", teamsAt >= rolledAt ? 2 : 1)));
                if (day == 2) {
                    rows.add(new Row(rolledAt, d, ROLLOUT, 8801, hash("teams", 2)));
                }
            }
            if (day == days - 2) {
                long late = start + day * 24 * HOUR + 12 * HOUR;
                rows.add(new Row(late, 3, SHELL, SHELL_PORT, hash("powershell", 1)));
                rows.add(new Row(late + HOUR, 7, MASQUERADE, 9000, MASQUERADE_SHA256));
            }
        }
        rows.sort((a, b) -> Long.compare(a.time, b.time));
        return rows.stream().map(Row::json).toList();
    }

    private static String hash(String program, int version) {
        String seed = Integer.toHexString((program + version).hashCode() & 0x7fffffff);
        return (seed + "0".repeat(64)).substring(0, 64);
    }

    private record Row(long time, int device, String process, int port, String sha256) {
        String json() {
            String id = String.format(Locale.ROOT, "dev-%02d", device);
            return "{\"Timestamp\":\"" + Timestamps.format(time) + "\",\"DeviceId\":\"" + id + "\",\"DeviceName\":\""
                    + id + ".contoso.local\",\"ActionType\":\"ConnectionSuccess\",\"RemoteIP\":\"52.96.0." + (device + 1)
                    + "\",\"RemotePort\":" + port + ",\"RemoteUrl\":\"\",\"RemoteIPType\":\"Public\",\"Protocol\":\"Tcp\","
                    + "\"InitiatingProcessFileName\":\"" + process + "\",\"InitiatingProcessSHA256\":\"" + sha256
                    + "\",\"InitiatingProcessCommandLine\":\"" + process + "\",\"InitiatingProcessFolderPath\":"
                    + "\"c:\\\\program files\\\\" + process + "\"}";
        }
    }
}
