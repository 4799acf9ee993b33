package org.rareegress.simulate;

import static org.rareegress.simulate.Catalog.binary;
import static org.rareegress.simulate.Catalog.launch;
import static org.rareegress.simulate.Flow.out;
import static org.rareegress.simulate.PlantedTool.Expect.FILTERED;
import static org.rareegress.simulate.PlantedTool.Expect.RARE;

import java.time.Duration;
import java.util.List;

/**
 * The planted stories: rare tools the hunt must report, a roll-out that stops being rare, and rare
 * decoys that one filter clause each must drop. Their remote addresses are drawn from the seed.
 */
final class PlantedCatalog {
    private static final String SUCCESS = "ConnectionSuccess";
    private static final String LIMITED = "TokenElevationTypeLimited";
    private static final String[] VPS = {"185.141", "45.137", "91.215", "193.29", "5.181", "146.70"};

    private PlantedCatalog() {
    }

    static List<ToolPlan> build(Rng rng) {
        Target c2 = pub(rng);
        Target anydesk = pub(rng);
        Target anydeskMapped = Target.of("::ffff:" + anydesk.ip(), "Public", "");
        List<Target> ssh = List.of(pub(rng), pub(rng));
        return List.of(
                ToolPlan.steady("c2-implant", user("WinSvcHost.exe", "Windows Service Host", "1.0.3.7", 245_760,
                                "c:\\users\\{user}\\appdata\\roaming\\microsoft\\winsvchost\\winsvchost.exe",
                                "\"C:\\Users\\{user}\\AppData\\Roaming\\Microsoft\\WinSvcHost\\WinSvcHost.exe\" -k netsvcs",
                                "explorer.exe",
                                out(18, SUCCESS, "Tcp", List.of(c2), 4444), out(2, SUCCESS, "Tcp", List.of(c2), 8443),
                                out(1, "ConnectionFailed", "Tcp", List.of(c2), 4444)),
                        RARE, "implant on one device beaconing to one public IP on 4444 (8443 as fallback) every 10 min, jittered",
                        1, 0.45, 1.0, Duration.ofMinutes(10), 0.3, false),
                ToolPlan.steady("admin-ssh", user("putty.exe", "PuTTY suite", "0.80.0.0", 1_688_448,
                                "c:\\program files\\putty\\putty.exe", "\"C:\\Program Files\\PuTTY\\putty.exe\" -ssh admin@" + ssh.get(0).ip(),
                                "explorer.exe", out(1, SUCCESS, "Tcp", ssh, 22)),
                        RARE, "legitimate but rare: two admins' SSH sessions to two public servers on 22",
                        2, 0.1, 1.0, Duration.ofHours(4), 0.8, true),
                ToolPlan.steady("remote-desktop", user(List.of("AnyDesk.exe", "anydesk.exe"), "AnyDesk", "8.0.8.0", 5_294_336,
                                "c:\\program files (x86)\\anydesk\\anydesk.exe", "\"C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe\" --control",
                                "explorer.exe", out(3, SUCCESS, "Tcp", List.of(anydesk, pub(rng)), 7070),
                                out(1, SUCCESS, "Tcp", List.of(anydeskMapped), 7070)),
                        RARE, "remote-access tool on three devices (two spellings, one IPv4-mapped address) on 7070",
                        3, 0.2, 1.0, Duration.ofHours(3), 0.8, true),
                ToolPlan.steady("late-exfil", user("rclone.exe", "Rclone", "1.65.1", 54_321_152,
                                "c:\\users\\{user}\\downloads\\rclone\\rclone.exe",
                                "rclone.exe copy C:\\Users\\{user}\\Documents remote:backup --transfers 8",
                                "cmd.exe", out(1, SUCCESS, "Tcp", List.of(pub(rng)), 22)),
                        RARE, "appears late: a burst of transfers from one device to one public SFTP server",
                        1, 0.93, 0.97, Duration.ofMinutes(5), 0.5, false),
                ToolPlan.steady("partner-backup", system("ContosoBackup.exe", "Contoso Backup Agent", "3.2.1.0", 2_048_000,
                                "c:\\program files\\contoso\\backup\\contosobackup.exe",
                                out(1, SUCCESS, "Tcp", List.of(Target.of("100.0." + rng.nextInt(256) + "." + (1 + rng.nextInt(254)), "Public", ""),
                                        Target.of("200.200.200." + (1 + rng.nextInt(254)), "Public", "")), 10001)),
                        RARE, "rare, to the seed's example networks: gone with filter.excluded-networks=100.0.0.0/16,200.200.200.0/24",
                        2, 0.0, 1.0, Duration.ofHours(2), 0.2, false),
                ToolPlan.rollout("rmm-rollout", system("NinjaRMMAgent.exe", "NinjaRMM Agent", "5.7.8836", 9_113_600,
                                "c:\\program files (x86)\\ninjarmmagent\\ninjarmmagent.exe",
                                out(1, SUCCESS, "Tcp", List.of(pub(rng), pub(rng), pub(rng)), 8883)),
                        "management agent piloted on one device, then rolled out to most of the fleet: rare first, then prevalent",
                        8, 0.55, 0.86, 0.95, 0.8, Duration.ofHours(1), 0.2),
                ToolPlan.steady("decoy-url", user("Spotify.exe", "Spotify", "1.2.28.581", 27_213_824,
                                "c:\\users\\{user}\\appdata\\roaming\\spotify\\spotify.exe", "\"C:\\Users\\{user}\\AppData\\Roaming\\Spotify\\Spotify.exe\"",
                                "explorer.exe", out(1, SUCCESS, "Tcp", List.of(Target.of(Pools.address(rng, new String[] {"35.186"}), "Public", "ap-gew4.spotify.com")), 4070)),
                        FILTERED, "RemoteUrl is set", 3, 0.3, 1.0, Duration.ofHours(2), 0.5, true),
                ToolPlan.steady("decoy-udp", user("wireguard.exe", "WireGuard", "0.5.3", 8_388_608,
                                "c:\\program files\\wireguard\\wireguard.exe", "\"C:\\Program Files\\WireGuard\\wireguard.exe\"",
                                "explorer.exe", out(1, SUCCESS, "Udp", List.of(pub(rng)), 51820)),
                        FILTERED, "Protocol is Udp", 1, 0.4, 1.0, Duration.ofHours(1), 0.3, false),
                ToolPlan.steady("decoy-failed", user("nmap.exe", "Nmap", "7.94", 2_510_336,
                                "c:\\program files (x86)\\nmap\\nmap.exe", "nmap.exe -Pn -p 22,23,3389,8080 scanme.example",
                                "cmd.exe", out(1, "ConnectionFailed", "Tcp", List.of(pub(rng), pub(rng), pub(rng)), 22, 23, 3389, 8080)),
                        FILTERED, "ActionType is ConnectionFailed", 1, 0.70, 0.71, Duration.ofMinutes(1), 0.5, false),
                ToolPlan.steady("decoy-web-port", user("curl.exe", "The curl executable", "8.4.0", 4_935_680,
                                "c:\\windows\\system32\\curl.exe", "curl.exe -sk https://" + pub(rng).ip() + "/health",
                                "powershell.exe", out(1, SUCCESS, "Tcp", List.of(pub(rng)), 443, 80)),
                        FILTERED, "RemotePort is 443 or 80", 2, 0.5, 1.0, Duration.ofHours(6), 0.5, true),
                ToolPlan.steady("decoy-browser", user(List.of("firefox.exe", "Firefox.exe"), "Firefox", "121.0.1", 675_312,
                                "c:\\program files\\mozilla firefox\\firefox.exe", "\"C:\\Program Files\\Mozilla Firefox\\firefox.exe\"",
                                "explorer.exe", out(1, SUCCESS, "Tcp", List.of(pub(rng), pub(rng)), 8080, 8443)),
                        FILTERED, "a browser (filter.excluded-process-regex)", 2, 0.2, 1.0, Duration.ofHours(2), 0.7, true),
                ToolPlan.steady("decoy-ipv6", user("ssh.exe", "OpenSSH for Windows", "8.1.0.1", 1_040_896,
                                "c:\\windows\\system32\\openssh\\ssh.exe", "ssh.exe deploy@2a01:4f8:c17:b8f::2",
                                "powershell.exe", out(1, SUCCESS, "Tcp", List.of(Target.of("2a01:4f8:c17:b8f::2", "Public", "")), 22)),
                        FILTERED, "RemoteIP is IPv6", 1, 0.3, 1.0, Duration.ofHours(5), 0.6, true),
                ToolPlan.steady("decoy-private", user("vncviewer.exe", "TightVNC", "2.8.81", 1_960_960,
                                "c:\\program files\\tightvnc\\tvnviewer.exe", "\"C:\\Program Files\\TightVNC\\tvnviewer.exe\" 192.168.1.50",
                                "explorer.exe", out(1, SUCCESS, "Tcp", List.of(Target.of("192.168.1.50", "Private", "")), 5900)),
                        FILTERED, "RemoteIPType is Private", 1, 0.2, 1.0, Duration.ofHours(4), 0.6, true));
    }

    private static Target pub(Rng rng) {
        return Target.of(Pools.address(rng, VPS), "Public", "");
    }

    private static App user(String fileName, String product, String version, long size, String folder, String commandLine,
                            String parent, Flow... flows) {
        return user(List.of(fileName), product, version, size, folder, commandLine, parent, flows);
    }

    private static App user(List<String> fileNames, String product, String version, long size, String folder,
                            String commandLine, String parent, Flow... flows) {
        return App.of(fileNames, binary(product, version, product, size),
                launch(folder, commandLine, parent, Account.USER, "Medium", LIMITED), List.of(flows), 0, 0, 1);
    }

    private static App system(String fileName, String product, String version, long size, String folder, Flow... flows) {
        String commandLine = "\"" + folder + "\" --service";
        return App.of(List.of(fileName), binary(product, version, product, size),
                launch(folder, commandLine, "services.exe", Account.SYSTEM, "System", "TokenElevationTypeDefault"),
                List.of(flows), 0, 0, 1);
    }
}
