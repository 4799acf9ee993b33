package org.rareegress.simulate;

import java.util.ArrayList;
import java.util.List;

/**
 * The remote ends background traffic goes to, drawn once from the seed: cloud and CDN addresses
 * with and without names, peers, corporate and home networks, IPv6 and IPv4-mapped addresses.
 */
final class Pools {
    final List<Target> microsoft;
    final List<Target> microsoftNoUrl;
    final List<Target> microsoftV6;
    final List<Target> mappedPublic;
    final List<Target> google;
    final List<Target> googleNoUrl;
    final List<Target> web;
    final List<Target> webNoUrl;
    final List<Target> zoom;
    final List<Target> zoomNoUrl;
    final List<Target> deliveryPeers;
    final List<Target> publicDns;
    final List<Target> azureFiles;
    final List<Target> corpDns;
    final List<Target> domainControllers;
    final List<Target> fileServers;
    final List<Target> proxies;
    final List<Target> printers;
    final List<Target> lanPeers;
    final List<Target> loopback;

    Pools(Rng rng) {
        String[] msNets = {"13.107", "20.190", "40.126", "52.113", "52.109", "52.96", "20.42"};
        microsoft = named(rng, 48, msNets, "login.microsoftonline.com", "teams.microsoft.com", "outlook.office365.com",
                "contoso-my.sharepoint.com", "wdcp.microsoft.com", "winatp-gw-weu.microsoft.com", "officecdn.microsoft.com",
                "settings-win.data.microsoft.com", "v10.events.data.microsoft.com", "ctldl.windowsupdate.com",
                "edge.microsoft.com", "www.bing.com", "self.events.data.microsoft.com", "graph.microsoft.com");
        microsoftNoUrl = unnamed(rng, 48, msNets);
        microsoftV6 = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String ip = String.format(java.util.Locale.ROOT, "2603:10%02x:%x:%x::%x", 20 + rng.nextInt(20),
                    rng.nextInt(0x1000), rng.nextInt(0x100), 1 + rng.nextInt(0xfff));
            microsoftV6.add(Target.of(ip, "Public", i % 2 == 0 ? "outlook.office365.com" : ""));
        }
        mappedPublic = new ArrayList<>();
        for (Target t : unnamed(rng, 12, msNets)) {
            mappedPublic.add(Target.of("::ffff:" + t.ip(), "FourToSixMapping", ""));
        }
        String[] googleNets = {"142.250", "172.217", "216.58", "142.251"};
        google = named(rng, 24, googleNets, "www.google.com", "mtalk.google.com", "clients4.google.com",
                "update.googleapis.com", "accounts.google.com", "www.gstatic.com");
        googleNoUrl = unnamed(rng, 24, googleNets);
        String[] cdnNets = {"104.16", "104.18", "151.101", "23.62", "199.232", "185.199", "93.184"};
        web = named(rng, 96, cdnNets, "www.wikipedia.org", "www.bbc.co.uk", "github.com", "www.linkedin.com",
                "www.reuters.com", "stackoverflow.com", "www.adobe.com", "cdn.jsdelivr.net", "www.salesforce.com",
                "contoso.atlassian.net", "www.dropbox.com", "www.youtube.com");
        webNoUrl = unnamed(rng, 96, cdnNets);
        zoom = named(rng, 8, new String[] {"170.114", "206.247"}, "zoom.us", "us05web.zoom.us");
        zoomNoUrl = unnamed(rng, 24, new String[] {"170.114", "206.247", "144.195"});
        deliveryPeers = unnamed(rng, 160, new String[] {"73.15", "86.142", "92.40", "78.23", "82.132", "24.5", "81.2"});
        publicDns = List.of(Target.of("8.8.8.8", "Public", ""), Target.of("1.1.1.1", "Public", ""));
        azureFiles = unnamed(rng, 4, new String[] {"20.60", "20.150"});
        corpDns = List.of(Target.of("10.0.0.10", "Private", ""), Target.of("10.0.0.11", "Private", ""));
        domainControllers = List.of(Target.of("10.0.0.10", "Private", "dc01.corp.contoso.com"),
                Target.of("10.0.0.11", "Private", "dc02.corp.contoso.com"));
        fileServers = List.of(Target.of("10.0.1.20", "Private", "fs01.corp.contoso.com"),
                Target.of("10.0.1.21", "Private", ""), Target.of("172.16.4.12", "Private", ""));
        proxies = List.of(Target.of("10.0.2.8", "Private", "proxy.corp.contoso.com"));
        printers = List.of(Target.of("192.168.1.40", "Private", ""), Target.of("10.0.5.31", "Private", ""),
                Target.of("192.168.0.23", "Private", ""));
        lanPeers = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            lanPeers.add(Target.of("10." + (1 + rng.nextInt(20)) + "." + rng.nextInt(256) + "." + (2 + rng.nextInt(250)),
                    "Private", ""));
        }
        loopback = List.of(Target.of("127.0.0.1", "Loopback", ""));
    }

    /** A random public address in one of the /16 networks. */
    static String address(Rng rng, String[] networks) {
        return networks[rng.nextInt(networks.length)] + "." + rng.nextInt(256) + "." + (1 + rng.nextInt(254));
    }

    private static List<Target> named(Rng rng, int count, String[] networks, String... urls) {
        List<Target> targets = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            targets.add(Target.of(address(rng, networks), "Public", urls[i % urls.length]));
        }
        return targets;
    }

    private static List<Target> unnamed(Rng rng, int count, String[] networks) {
        List<Target> targets = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            targets.add(Target.of(address(rng, networks), "Public", ""));
        }
        return targets;
    }
}
