package org.rareegress.event;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.commons.validator.routines.InetAddressValidator;

/** RemoteIP parsing: a fast strict path for dotted quads, commons-validator for IPv6 literals. */
public final class IpAddresses {
    private static final InetAddressValidator VALIDATOR = InetAddressValidator.getInstance();

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
        if (text.indexOf(':') < 0 || text.indexOf('%') >= 0 || text.length() > 45 || !VALIDATOR.isValidInet6Address(text)) {
            throw new IllegalArgumentException("RemoteIP is not an IP address: '" + Timestamps.abbreviate(text) + "'");
        }
        try {
            // A validated literal: getByName does no lookup. Java turns ::ffff:a.b.c.d into an Inet4Address.
            InetAddress address = InetAddress.getByName(text);
            if (address instanceof Inet4Address v4Address) {
                byte[] b = v4Address.getAddress();
                return new Parsed(RemoteAddressKind.IPV4_MAPPED,
                        (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff));
            }
            return Parsed.IPV6;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("RemoteIP is not an IP address: '" + Timestamps.abbreviate(text) + "'");
        }
    }

    /**
     * A strict dotted quad (1 to 3 digits an octet, no leading zeros, each at most 255), or -1.
     * -1 is also 255.255.255.255, which callers check for by text.
     */
    static int parseDottedQuad(String s, int start, int end) {
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
