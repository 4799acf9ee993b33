package org.rareegress.event.read;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.rareegress.event.IpAddresses;

/**
 * {@code RemoteIPType} for sources that do not carry it (Sysmon, ECS), from the IANA IPv4 and IPv6
 * Special-Purpose Address Registries. Names are Defender's where Defender has one (Public, Private,
 * Reserved, Loopback, LinkLocal, CarrierGradeNat, Broadcast, Teredo, FourToSixMapping), so the
 * {@code filter.remote-ip-types} values mean the same for every source. Ranges the registry marks as
 * globally reachable (AS112, AMT, the PCP and TURN anycast addresses) are Public.
 */
public final class RemoteIpTypes {
    public static final String PUBLIC = "Public";
    public static final String PRIVATE = "Private";
    public static final String RESERVED = "Reserved";
    public static final String LOOPBACK = "Loopback";
    public static final String LINK_LOCAL = "LinkLocal";
    public static final String CARRIER_GRADE_NAT = "CarrierGradeNat";
    public static final String MULTICAST = "Multicast";
    public static final String BROADCAST = "Broadcast";
    public static final String TEREDO = "Teredo";
    public static final String FOUR_TO_SIX_MAPPING = "FourToSixMapping";

    /** One registry row: a block and its type. Rows are searched most specific first. */
    record Block(String cidr, int network, int prefix, String type, String registryName) {
        boolean contains(int address) {
            return prefix == 0 || (address ^ network) >>> (32 - prefix) == 0;
        }
    }

    /** The IPv4 table, most specific blocks first (a /32 inside a /24 must win). */
    static final List<Block> IPV4 = List.of(
            v4("192.0.0.9/32", PUBLIC, "Port Control Protocol anycast (globally reachable)"),
            v4("192.0.0.10/32", PUBLIC, "TURN anycast (globally reachable)"),
            v4("255.255.255.255/32", BROADCAST, "Limited broadcast"),
            v4("192.0.0.0/24", RESERVED, "IETF protocol assignments"),
            v4("192.0.2.0/24", RESERVED, "Documentation (TEST-NET-1)"),
            v4("192.88.99.0/24", RESERVED, "Deprecated 6to4 relay anycast"),
            v4("198.51.100.0/24", RESERVED, "Documentation (TEST-NET-2)"),
            v4("203.0.113.0/24", RESERVED, "Documentation (TEST-NET-3)"),
            v4("169.254.0.0/16", LINK_LOCAL, "Link local"),
            v4("192.168.0.0/16", PRIVATE, "Private-use (RFC 1918)"),
            v4("198.18.0.0/15", RESERVED, "Benchmarking"),
            v4("172.16.0.0/12", PRIVATE, "Private-use (RFC 1918)"),
            v4("100.64.0.0/10", CARRIER_GRADE_NAT, "Shared address space (RFC 6598)"),
            v4("0.0.0.0/8", RESERVED, "This network"),
            v4("10.0.0.0/8", PRIVATE, "Private-use (RFC 1918)"),
            v4("127.0.0.0/8", LOOPBACK, "Loopback"),
            v4("224.0.0.0/4", MULTICAST, "Multicast"),
            v4("240.0.0.0/4", RESERVED, "Reserved for future use"));

    private RemoteIpTypes() {
    }

    /** The type of an IPv4 address given as a big-endian int. */
    public static String ofIpv4(int address) {
        for (Block block : IPV4) {
            if (block.contains(address)) {
                return block.type();
            }
        }
        return PUBLIC;
    }

    /**
     * The type of an address already accepted by {@link IpAddresses#parse}: IPv4 and mapped IPv4 by the
     * table (a mapped address is its IPv4 address, as the filter treats it), IPv6 by its prefix.
     */
    public static String of(String text, IpAddresses.Parsed parsed) {
        return switch (parsed.kind()) {
            case IPV4, IPV4_MAPPED -> ofIpv4(parsed.ipv4());
            case IPV6 -> ofIpv6(text);
            case ABSENT -> null;
        };
    }

    static String ofIpv6(String text) {
        byte[] b;
        try {
            // Only called on text IpAddresses validated as an IPv6 literal: no name lookup happens.
            b = InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
        if (b.length != 16) {
            return null;
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (isZero(b, 0, 15) && (b[15] == 1 || b[15] == 0)) {
            return b[15] == 1 ? LOOPBACK : RESERVED;
        }
        if (first == 0xff) {
            return MULTICAST;
        }
        if (first == 0xfe && (second & 0xc0) == 0x80) {
            return LINK_LOCAL;
        }
        if ((first & 0xfe) == 0xfc) {
            return PRIVATE;
        }
        if (first == 0x20 && second == 0x01 && b[2] == 0 && b[3] == 0) {
            return TEREDO;
        }
        if (first == 0x20 && second == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
            return RESERVED;
        }
        if (first == 0x20 && second == 0x02) {
            return FOUR_TO_SIX_MAPPING;
        }
        return PUBLIC;
    }

    private static boolean isZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Block v4(String cidr, String type, String registryName) {
        int slash = cidr.indexOf('/');
        int network = IpAddresses.parseDottedQuad(cidr, 0, slash);
        if (cidr.startsWith("255.255.255.255")) {
            network = -1;
        }
        return new Block(cidr, network, Integer.parseInt(cidr.substring(slash + 1)), type, registryName);
    }
}
