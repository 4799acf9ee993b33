package org.rareegress.simulate;

import java.util.List;

/**
 * One remote end of a connection, with the JSON pieces that carry it pre-encoded.
 *
 * @param ip     RemoteIP as Defender writes it ("" for a listening socket)
 * @param ipType RemoteIPType: Public, Private, Loopback, FourToSixMapping ("" for a listening socket)
 * @param url    RemoteUrl ("" when the sensor saw no name)
 */
record Target(String ip, String ipType, String url, Family family, byte[] ipPiece, byte[] urlPiece,
              byte[] tcpTail, byte[] udpTail) {

    /** Address family, which decides the local address the device shows for the connection. */
    enum Family {
        V4("Private"), V6("Public"), MAPPED("FourToSixMapping"), LISTEN("Reserved");

        final String localIpType;

        Family(String localIpType) {
            this.localIpType = localIpType;
        }
    }

    static Target of(String ip, String ipType, String url) {
        Family family = ip.isEmpty() ? Family.LISTEN
                : ip.startsWith("::ffff:") ? Family.MAPPED
                : ip.indexOf(':') >= 0 ? Family.V6 : Family.V4;
        return new Target(ip, ipType, url, family,
                Json.utf8(Json.escape(ip) + "\",\"RemotePort\":"),
                Json.utf8(",\"RemoteUrl\":\"" + Json.escape(url) + "\",\"LocalIP\":\""),
                tail("Tcp", family, ipType), tail("Udp", family, ipType));
    }

    static Target listening() {
        return of("", "", "");
    }

    byte[] tail(String protocol) {
        return "Udp".equals(protocol) ? udpTail : tcpTail;
    }

    /** Everything between LocalPort's value and the process hashes. */
    private static byte[] tail(String protocol, Family family, String ipType) {
        return Json.utf8(",\"Protocol\":\"" + protocol + "\",\"LocalIPType\":\"" + family.localIpType
                + "\",\"RemoteIPType\":\"" + ipType + "\",\"InitiatingProcessSHA1\":\"");
    }

    /** The public IPv4 addresses among the given targets, as dotted quads (mapped ones unwrapped). */
    static List<String> publicIpv4(List<Target> targets) {
        return targets.stream()
                .filter(t -> "Public".equals(t.ipType) && (t.family == Family.V4 || t.family == Family.MAPPED))
                .map(t -> t.family == Family.MAPPED ? t.ip.substring("::ffff:".length()) : t.ip)
                .distinct().sorted().toList();
    }
}
