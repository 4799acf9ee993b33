package org.rareegress.event;

/**
 * RemoteIP parsing: strict dotted quads, and IPv6 literals in the text form of RFC 4291 section 2.2 (no zone, no
 * prefix, no brackets), with IPv4-mapped addresses ({@code ::ffff:a.b.c.d} in any spelling) read as their IPv4
 * address. Hand-written rather than commons-validator then {@code InetAddress.getByName}, which it replaces with
 * the same answers (IpAddressesReferenceTest compares the two on tricky and generated forms): that pulled four
 * jars into the product for this one check.
 */
public final class IpAddresses {
    /** The longest IPv6 text: eight groups of four with seven colons is 39; six groups and a dotted quad 45. */
    private static final int MAX_IPV6_LENGTH = 45;

    private IpAddresses() {
    }

    /** The result of reading an address: its kind and, for IPv4 and mapped IPv4, the address. */
    public record Parsed(RemoteAddressKind kind, int ipv4) {
        static final Parsed ABSENT = new Parsed(RemoteAddressKind.ABSENT, 0);
        static final Parsed IPV6 = new Parsed(RemoteAddressKind.IPV6, 0);
    }

    /**
     * @throws IllegalArgumentException when the text is neither an IPv4 nor an IPv6 address
     */
    public static Parsed parse(String text) {
        if (text == null || text.isEmpty()) {
            return Parsed.ABSENT;
        }
        int v4 = parseDottedQuad(text, 0, text.length());
        if (v4 != -1 || text.equals("255.255.255.255")) {
            return new Parsed(RemoteAddressKind.IPV4, v4);
        }
        byte[] address = text.length() > MAX_IPV6_LENGTH ? null : parseIpv6(text);
        if (address == null) {
            throw new IllegalArgumentException("RemoteIP is not an IP address: '" + Timestamps.abbreviate(text) + "'");
        }
        if (isIpv4Mapped(address)) {
            return new Parsed(RemoteAddressKind.IPV4_MAPPED,
                    (address[12] & 0xff) << 24 | (address[13] & 0xff) << 16 | (address[14] & 0xff) << 8 | (address[15] & 0xff));
        }
        return Parsed.IPV6;
    }

    /** ::ffff:0:0/96: ten zero bytes, then 0xffff (RFC 4291 2.5.5.2), as the JDK reads it into an Inet4Address. */
    private static boolean isIpv4Mapped(byte[] address) {
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return address[10] == (byte) 0xff && address[11] == (byte) 0xff;
    }

    /**
     * The 16 bytes of an IPv6 literal, or null: eight groups of 1 to 4 ASCII hex digits separated by colons, or
     * fewer with one {@code ::} standing for one or more zero groups; the last two groups may be written as a
     * strict dotted quad. Nothing else: no sign, zone ({@code %eth0}), prefix ({@code /64}), brackets or space.
     */
    static byte[] parseIpv6(String text) {
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            return null;
        }
        int[] groups = new int[8];
        int count;
        if (doubleColon < 0) {
            count = groups(text, 0, text.length(), groups, 0, true);
            if (count != 8) {
                return null;
            }
        } else {
            int head = groups(text, 0, doubleColon, groups, 0, false);
            if (head < 0) {
                return null;
            }
            int[] tailGroups = new int[8];
            int tail = groups(text, doubleColon + 2, text.length(), tailGroups, 0, true);
            // "::" stands for at least one zero group, as in the JDK (1:2:3:4:5:6:7::8 is not an address).
            if (tail < 0 || head + tail > 7) {
                return null;
            }
            System.arraycopy(tailGroups, 0, groups, 8 - tail, tail);
            count = 8;
        }
        byte[] address = new byte[16];
        for (int i = 0; i < count; i++) {
            address[2 * i] = (byte) (groups[i] >>> 8);
            address[2 * i + 1] = (byte) groups[i];
        }
        return address;
    }

    /**
     * Reads the colon-separated groups of {@code text[start, end)} into {@code groups} from {@code at}: their
     * number (0 for an empty range), or -1 when a group is malformed, empty or one too many. A dotted quad counts
     * as two groups and is allowed only as the last group of the address ({@code last}).
     */
    private static int groups(String text, int start, int end, int[] groups, int at, boolean last) {
        if (start == end) {
            return 0;
        }
        int count = 0;
        int groupStart = start;
        for (int i = start; i <= end; i++) {
            if (i < end && text.charAt(i) != ':') {
                continue;
            }
            int length = i - groupStart;
            if (i == end && last && text.indexOf('.', groupStart) >= 0 && text.indexOf('.', groupStart) < end) {
                int quad = parseDottedQuad(text, groupStart, end);
                if ((quad == -1 && !text.regionMatches(groupStart, "255.255.255.255", 0, end - groupStart))
                        || at + count + 2 > groups.length) {
                    return -1;
                }
                groups[at + count++] = quad >>> 16;
                groups[at + count++] = quad & 0xffff;
                return count;
            }
            if (length < 1 || length > 4 || at + count == groups.length) {
                return -1;
            }
            int value = 0;
            for (int k = groupStart; k < i; k++) {
                int digit = hexDigit(text.charAt(k));
                if (digit < 0) {
                    return -1;
                }
                value = value << 4 | digit;
            }
            groups[at + count++] = value;
            groupStart = i + 1;
        }
        return count;
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /**
     * A strict dotted quad (1 to 3 digits an octet, no leading zeros, each at most 255), or -1.
     * -1 is also 255.255.255.255, which callers check for by text.
     */
    /**
     * Whether the ASCII text in {@code bytes[start, end)} is a strict dotted quad: exactly the IPv4 texts {@link #parse}
     * reads as {@link RemoteAddressKind#IPV4}, checked without a String.
     */
    public static boolean isDottedQuad(byte[] bytes, int start, int end) {
        int octets = 0;
        int i = start;
        while (i < end) {
            int value = 0;
            int digitsStart = i;
            while (i < end && bytes[i] >= '0' && bytes[i] <= '9') {
                value = value * 10 + (bytes[i] - '0');
                i++;
                if (i - digitsStart > 3) {
                    return false;
                }
            }
            int digitCount = i - digitsStart;
            if (digitCount == 0 || value > 255 || (digitCount > 1 && bytes[digitsStart] == '0')) {
                return false;
            }
            octets++;
            if (i < end) {
                if (bytes[i] != '.' || octets == 4) {
                    return false;
                }
                i++;
                if (i == end) {
                    return false;
                }
            }
        }
        return octets == 4;
    }

    public static int parseDottedQuad(String s, int start, int end) {
        int address = 0;
        int octets = 0;
        int i = start;
        while (i < end) {
            int value = 0;
            int digitsStart = i;
            while (i < end && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
                if (i - digitsStart > 3) {
                    return -1;
                }
            }
            int digitCount = i - digitsStart;
            if (digitCount == 0 || value > 255 || (digitCount > 1 && s.charAt(digitsStart) == '0')) {
                return -1;
            }
            address = address << 8 | value;
            octets++;
            if (i < end) {
                if (s.charAt(i) != '.' || octets == 4) {
                    return -1;
                }
                i++;
                if (i == end) {
                    return -1;
                }
            }
        }
        return octets == 4 ? address : -1;
    }

    public static String format(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "." + (address & 0xff);
    }
}
