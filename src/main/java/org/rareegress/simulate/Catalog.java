package org.rareegress.simulate;

import static org.rareegress.simulate.Flow.in;
import static org.rareegress.simulate.Flow.listen;
import static org.rareegress.simulate.Flow.out;

import java.util.List;

/**
 * The common software of the fleet and its traffic. Between them the flows exercise every clause
 * of the hunt: UDP, failures, inbound and listening sockets, private and loopback targets, web
 * ports, named targets, IPv6 and mapped addresses, browsers in several spellings, a kernel
 * initiator without ".exe", and two widely installed programs (svchost.exe to Delivery Optimization
 * peers on 7680, Zoom.exe on 8801) that pass every filter clause and must be kept out by prevalence alone.
 */
final class Catalog {
    private static final String SUCCESS = "ConnectionSuccess";
    private static final String FAILED = "ConnectionFailed";
    private static final String REQUEST = "ConnectionRequest";
    private static final String DEFAULT = "TokenElevationTypeDefault";
    private static final String LIMITED = "TokenElevationTypeLimited";

    /** Which devices an app may be installed on. */
    enum Where { WORKSTATIONS, SERVERS, ALL }

    record Entry(App app, Where where) {
        boolean fits(Device.Kind kind) {
            return where == Where.ALL || (where == Where.SERVERS) == (kind == Device.Kind.SERVER);
        }
    }

    private Catalog() {
    }

    static List<Entry> build(Pools p) {
        String system32 = "c:\\windows\\system32\\";
        String office = "c:\\program files\\microsoft office\\root\\office16\\";
        Flow edgeWeb = out(30, SUCCESS, "Tcp", p.web, 443);
        Flow chromeWeb = out(30, SUCCESS, "Tcp", p.google, 443);
        return List.of(
                new Entry(App.of(List.of("svchost.exe"),
                        binary("Microsoft® Windows® Operating System", "10.0.19041.3636", "Host Process for Windows Services", 55_320),
                        launch(system32 + "svchost.exe", "svchost.exe -k NetworkService -p -s DoSvc", "services.exe",
                                Account.NETWORK_SERVICE, "System", DEFAULT),
                        List.of(out(30, SUCCESS, "Udp", p.corpDns, 53), out(2, SUCCESS, "Udp", p.publicDns, 53),
                                out(8, SUCCESS, "Tcp", p.microsoft, 443), out(2, SUCCESS, "Tcp", p.microsoft, 80),
                                out(5, SUCCESS, "Tcp", p.deliveryPeers, 7680), out(2, FAILED, "Tcp", p.deliveryPeers, 7680),
                                out(3, SUCCESS, "Tcp", p.microsoftV6, 443), out(2, SUCCESS, "Tcp", p.mappedPublic, 443),
                                in(3, p.lanPeers, 135, 445, 7680), listen(1, 135, 5040, 7680),
                                out(1, REQUEST, "Tcp", p.fileServers, 445)), 1.0, 1, 30), Where.ALL),
                new Entry(App.of(List.of("MsMpEng.exe"),
                        binary("Microsoft® Windows® Operating System", "4.18.23110.3", "Antimalware Service Executable", 133_576),
                        launch("c:\\programdata\\microsoft\\windows defender\\platform\\4.18.23110.3-0\\msmpeng.exe",
                                "\"MsMpEng.exe\"", "services.exe", Account.SYSTEM, "System", DEFAULT),
                        List.of(out(6, SUCCESS, "Tcp", p.microsoft, 443), out(2, SUCCESS, "Tcp", p.microsoftNoUrl, 443),
                                out(1, FAILED, "Tcp", p.microsoft, 443)), 1.0, 1, 6), Where.ALL),
                new Entry(App.of(List.of("MsSense.exe"),
                        binary("Microsoft® Windows® Operating System", "10.8560.19041.3636", "Windows Defender Advanced Threat Protection Service Executable", 4_214_288),
                        launch("c:\\program files\\windows defender advanced threat protection\\mssense.exe",
                                "\"MsSense.exe\"", "services.exe", Account.SYSTEM, "System", DEFAULT),
                        List.of(out(8, SUCCESS, "Tcp", p.microsoft, 443), out(1, SUCCESS, "Tcp", p.microsoftV6, 443)),
                        1.0, 1, 6), Where.ALL),
                new Entry(App.of(List.of("OneDrive.exe"),
                        binary("Microsoft OneDrive", "24.010.0114.0003", "Microsoft OneDrive", 3_654_000),
                        launch("c:\\users\\{user}\\appdata\\local\\microsoft\\onedrive\\onedrive.exe",
                                "\"C:\\Users\\{user}\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe\" /background",
                                "explorer.exe", Account.USER, "Medium", LIMITED),
                        List.of(out(8, SUCCESS, "Tcp", p.microsoft, 443), out(3, SUCCESS, "Tcp", p.microsoftNoUrl, 443),
                                out(1, FAILED, "Tcp", p.microsoftNoUrl, 443)), 0.9, 1, 8), Where.WORKSTATIONS),
                new Entry(App.of(List.of("Teams.exe"),
                        binary("Microsoft Teams", "1.6.00.35961", "Microsoft Teams", 129_912_160),
                        launch("c:\\users\\{user}\\appdata\\local\\microsoft\\teams\\current\\teams.exe",
                                "\"C:\\Users\\{user}\\AppData\\Local\\Microsoft\\Teams\\current\\Teams.exe\" --system-initiated",
                                "Update.exe", Account.USER, "Medium", LIMITED),
                        List.of(out(10, SUCCESS, "Tcp", p.microsoft, 443), out(4, SUCCESS, "Udp", p.microsoftNoUrl, 3478, 3479, 3480, 3481),
                                out(2, SUCCESS, "Tcp", p.microsoftV6, 443), out(1, REQUEST, "Tcp", p.microsoft, 443)),
                        0.85, 1, 10), Where.WORKSTATIONS),
                new Entry(App.of(List.of("OUTLOOK.EXE"),
                        binary("Microsoft Outlook", "16.0.17126.20132", "Microsoft Outlook", 43_363_192),
                        launch(office + "outlook.exe", "\"C:\\Program Files\\Microsoft Office\\Root\\Office16\\OUTLOOK.EXE\" ",
                                "explorer.exe", Account.USER, "Medium", LIMITED),
                        List.of(out(10, SUCCESS, "Tcp", p.microsoft, 443), out(2, SUCCESS, "Tcp", p.microsoftV6, 443),
                                out(1, SUCCESS, "Tcp", p.mappedPublic, 443), out(1, FAILED, "Tcp", p.microsoft, 443)),
                        0.8, 1, 8), Where.WORKSTATIONS),
                new Entry(App.of(List.of("OfficeClickToRun.exe"),
                        binary("Microsoft Office", "16.0.17126.20132", "Microsoft Office Click-to-Run (SxS)", 11_713_400),
                        launch("c:\\program files\\common files\\microsoft shared\\clicktorun\\officeclicktorun.exe",
                                "\"C:\\Program Files\\Common Files\\Microsoft Shared\\ClickToRun\\OfficeClickToRun.exe\" /service",
                                "services.exe", Account.SYSTEM, "System", DEFAULT),
                        List.of(out(4, SUCCESS, "Tcp", p.microsoft, 443), out(1, SUCCESS, "Tcp", p.microsoft, 80)),
                        0.9, 1, 2), Where.WORKSTATIONS),
                new Entry(App.of(List.of("msedge.exe"),
                        binary("Microsoft Edge", "120.0.2210.144", "Microsoft Edge", 3_941_280),
                        launch("c:\\program files (x86)\\microsoft\\edge\\application\\msedge.exe",
                                "\"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe\" --type=utility --utility-sub-type=network.mojom.NetworkService",
                                "msedge.exe", Account.USER, "Medium", LIMITED),
                        List.of(edgeWeb, out(8, SUCCESS, "Tcp", p.webNoUrl, 443), out(4, SUCCESS, "Tcp", p.web, 80),
                                out(6, SUCCESS, "Udp", p.webNoUrl, 443), out(4, SUCCESS, "Tcp", p.microsoftV6, 443),
                                out(2, SUCCESS, "Tcp", p.webNoUrl, 8080, 8443), out(1, SUCCESS, "Tcp", p.loopback, 9222),
                                edgeWeb.withAction(2, FAILED)), 1.0, 1, 14), Where.WORKSTATIONS),
                new Entry(App.of(List.of("chrome.exe", "chrome.exe", "chrome.exe", "Chrome.exe", "CHROME.EXE", "Chrome.EXE"),
                        binary("Google Chrome", "120.0.6099.217", "Google Chrome", 3_173_144),
                        launch("c:\\program files\\google\\chrome\\application\\chrome.exe",
                                "\"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe\" --type=utility --utility-sub-type=network.mojom.NetworkService",
                                "chrome.exe", Account.USER, "Medium", LIMITED),
                        List.of(chromeWeb, out(20, SUCCESS, "Tcp", p.web, 443), out(6, SUCCESS, "Tcp", p.googleNoUrl, 5228),
                                out(6, SUCCESS, "Udp", p.googleNoUrl, 443), out(3, SUCCESS, "Tcp", p.web, 80),
                                chromeWeb.withAction(2, FAILED)), 0.6, 1, 12), Where.WORKSTATIONS),
                new Entry(App.of(List.of("Zoom.exe"),
                        binary("Zoom", "5.17.5.31030", "Zoom Meetings", 10_236_992),
                        launch("c:\\users\\{user}\\appdata\\roaming\\zoom\\bin\\zoom.exe",
                                "\"C:\\Users\\{user}\\AppData\\Roaming\\Zoom\\bin\\Zoom.exe\" --action=preload",
                                "explorer.exe", Account.USER, "Medium", LIMITED),
                        List.of(out(5, SUCCESS, "Tcp", p.zoomNoUrl, 8801), out(4, SUCCESS, "Udp", p.zoomNoUrl, 8801),
                                out(3, SUCCESS, "Tcp", p.zoom, 443)), 0.35, 8, 4), Where.WORKSTATIONS),
                new Entry(App.of(List.of("lsass.exe"),
                        binary("Microsoft® Windows® Operating System", "10.0.19041.3636", "Local Security Authority Process", 59_456),
                        launch(system32 + "lsass.exe", "C:\\Windows\\system32\\lsass.exe", "wininit.exe",
                                Account.SYSTEM, "System", DEFAULT),
                        List.of(out(4, SUCCESS, "Tcp", p.domainControllers, 88, 389), out(1, SUCCESS, "Udp", p.domainControllers, 389)),
                        1.0, 1, 3), Where.ALL),
                new Entry(App.of(List.of("System"),
                        binary("", "", "", 0),
                        launch("", "", "", Account.SYSTEM, "System", DEFAULT),
                        List.of(out(4, SUCCESS, "Tcp", p.fileServers, 445), in(2, p.lanPeers, 445),
                                out(1, SUCCESS, "Tcp", p.azureFiles, 445)), 1.0, 1, 3), Where.ALL),
                new Entry(App.of(List.of("spoolsv.exe"),
                        binary("Microsoft® Windows® Operating System", "10.0.19041.3636", "Spooler SubSystem App", 792_064),
                        launch(system32 + "spoolsv.exe", "C:\\Windows\\System32\\spoolsv.exe", "services.exe",
                                Account.SYSTEM, "System", DEFAULT),
                        List.of(out(3, SUCCESS, "Tcp", p.printers, 9100), out(1, FAILED, "Tcp", p.printers, 9100)),
                        1.0, 1, 1), Where.WORKSTATIONS),
                new Entry(App.of(List.of("mstsc.exe"),
                        binary("Microsoft® Windows® Operating System", "10.0.19041.3636", "Remote Desktop Connection", 1_361_920),
                        launch(system32 + "mstsc.exe", "\"C:\\Windows\\system32\\mstsc.exe\" /v:app01.corp.contoso.com",
                                "explorer.exe", Account.USER, "Medium", LIMITED),
                        List.of(out(3, SUCCESS, "Tcp", p.fileServers, 3389), out(1, SUCCESS, "Tcp", p.proxies, 8080)),
                        0.15, 1, 1), Where.WORKSTATIONS),
                new Entry(App.of(List.of("sqlservr.exe"),
                        binary("Microsoft SQL Server", "2019.150.4345.5", "SQL Server Windows NT - 64 Bit", 512_392),
                        launch("c:\\program files\\microsoft sql server\\mssql15.mssqlserver\\mssql\\binn\\sqlservr.exe",
                                "\"C:\\Program Files\\Microsoft SQL Server\\MSSQL15.MSSQLSERVER\\MSSQL\\Binn\\sqlservr.exe\" -sMSSQLSERVER",
                                "services.exe", Account.NETWORK_SERVICE, "High", DEFAULT),
                        List.of(in(6, p.lanPeers, 1433), listen(1, 1433), out(1, SUCCESS, "Tcp", p.microsoft, 443)),
                        0.4, 1, 20), Where.SERVERS),
                new Entry(App.of(List.of("w3wp.exe"),
                        binary("Internet Information Services", "10.0.17763.1", "IIS Worker Process", 27_136),
                        launch("c:\\windows\\system32\\inetsrv\\w3wp.exe", "c:\\windows\\system32\\inetsrv\\w3wp.exe -ap \"Intranet\"",
                                "svchost.exe", Account.NETWORK_SERVICE, "High", DEFAULT),
                        List.of(in(8, p.lanPeers, 443, 80), out(3, SUCCESS, "Tcp", p.fileServers, 1433)),
                        0.4, 1, 20), Where.SERVERS),
                new Entry(App.of(List.of("MonitoringHost.exe"),
                        binary("Microsoft Monitoring Agent", "10.20.18069.0", "Microsoft Monitoring Agent Host Process", 1_233_512),
                        launch("c:\\program files\\microsoft monitoring agent\\agent\\monitoringhost.exe",
                                "\"C:\\Program Files\\Microsoft Monitoring Agent\\Agent\\MonitoringHost.exe\" -Embedding",
                                "HealthService.exe", Account.SYSTEM, "System", DEFAULT),
                        List.of(out(6, SUCCESS, "Tcp", p.microsoft, 443), out(1, FAILED, "Tcp", p.microsoft, 443)),
                        1.0, 1, 10), Where.SERVERS));
    }

    static App.Binary binary(String product, String version, String description, long size) {
        String company = product.isEmpty() ? "" : product.startsWith("Microsoft") || product.startsWith("Internet")
                ? "Microsoft Corporation" : product.startsWith("Google") ? "Google LLC"
                : product.startsWith("Zoom") ? "Zoom Video Communications, Inc." : product;
        return new App.Binary(product, company, version, description, size);
    }

    static App.Launch launch(String folder, String commandLine, String parent, Account account, String integrity,
                             String elevation) {
        return new App.Launch(folder, commandLine, parent, account, integrity, elevation);
    }
}
