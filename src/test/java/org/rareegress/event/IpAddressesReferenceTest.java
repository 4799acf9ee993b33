package org.rareegress.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.commons.validator.routines.InetAddressValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link IpAddresses#parse} against the check it replaced, kept here as the reference: commons-validator's
 * {@code isValidInet6Address}, then the JDK's {@code InetAddress.getByName} (which turns a mapped address into an
 * Inet4Address). Same kind, same IPv4 address, or both refuse: on the tricky spellings below, on every spelling of
 * random addresses, and on random strings of the characters an address is made of.
 */
class IpAddressesReferenceTest {
    private static final InetAddressValidator VALIDATOR = InetAddressValidator.getInstance();

    /** What the previous release answered: a kind and address, or "rejected". */
    static String reference(String text) {
        if (text == null || text.isEmpty()) {
            return "ABSENT";
        }
        int v4 = IpAddresses.parseDottedQuad(text, 0, text.length());
        if (v4 != -1 || text.equals("255.255.255.255")) {
            return "IPV4 " + v4;
        }
        if (text.indexOf(':') < 0 || text.indexOf('%') >= 0 || text.length() > 45 || !VALIDATOR.isValidInet6Address(text)) {
            return "rejected";
        }
        // getByName looks up a name that does not start as a literal does; no host name has a colon, so such a
        // lookup always failed. Answered here without asking DNS.
        char first = text.charAt(0);
        if (Character.digit(first, 16) == -1 && first != ':' || first > 0x7f) {
            return "rejected";
        }
        try {
            InetAddress address = InetAddress.getByName(text);
            if (address instanceof Inet4Address v4Address) {
                byte[] b = v4Address.getAddress();
                return "IPV4_MAPPED " + ((b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff));
            }
            return "IPV6";
        } catch (UnknownHostException e) {
            return "rejected";
        }
    }

    static String actual(String text) {
        try {
            IpAddresses.Parsed parsed = IpAddresses.parse(text);
            return switch (parsed.kind()) {
                case IPV4, IPV4_MAPPED -> parsed.kind() + " " + parsed.ipv4();
                default -> parsed.kind().name();
            };
        } catch (IllegalArgumentException e) {
            return "rejected";
        }
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {
        // compression at either end, in the middle, standing for one group or seven
        "::", "::1", "1::", "1::1", "::0:0:0:0:0:0:1", "1:0:0:0:0:0:0::", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8",
        "1:2:3:4:5:6::8", "1:2:3:4:5:6:7::8", "::1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8::", "1::2::3", ":::", "::::",
        "1:::2", ":1::", "1::2:", ":1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9",
        // groups: case, leading zeros, too long, signs, non-hex, non-ASCII digits
        "FFFF:ffff:FfFf:0:0:0:0:0", "0001:0002::0003", "00001::1", "1:2:3:4:5:6:7:12345", "+1::", "1:+2::", "-1::",
        "1::-1", "g::1", "1::0x1", "\u0661::", "1::\u0661", "１::１", "1:: 2", " ::1", "::1 ", "::1\t",
        // embedded dotted quads: mapped, compatible, NAT64, bad quads, not last, too many groups
        "::ffff:1.2.3.4", "::FFFF:1.2.3.4", "0:0:0:0:0:ffff:1.2.3.4", "0000:0000:0000:0000:0000:ffff:1.2.3.4",
        "::0:ffff:1.2.3.4", "0::ffff:102:304", "::ffff:0102:0304", "::ffff:1.2.3.4:5", "::ffff:1.2.3",
        "::ffff:1.2.3.4.5", "::ffff:256.1.1.1", "::ffff:1.02.3.4", "::ffff:01.2.3.4", "::ffff:255.255.255.255",
        "::ffff:0.0.0.0", "::1.2.3.4", "::0.0.0.1", "64:ff9b::8.8.8.8", "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4",
        "1:2:3:4:5::1.2.3.4", "1:2:3:4:5:6::1.2.3.4", "1.2.3.4::", "1.2.3.4::1", "::1.2.3.4:1", "::ffff:1.2.3.",
        "::ffff:.1.2.3", "::ffff:1..2.3", "::ffff:1.2.3.4/32", "::ffff:ffff:1.2.3.4", "ffff::1.2.3.4",
        // zones, prefixes, brackets, scope ids
        "fe80::1%eth0", "fe80::1%1", "::1/128", "::1/64", "2001:db8::/32", "[::1]", "[::1]:80", "::1%",
        // long and nearly long
        "0000:0000:0000:0000:0000:ffff:255.255.255.255", "0000:0000:0000:0000:0000:0000:0000:0000",
        "0000:0000:0000:0000:0000:0000:0000:00000", "1:2:3:4:5:6:7:8:1:2:3:4:5:6:7:8:1:2:3:4:5:6:7:8:"})
    void answersAsTheCheckItReplaced(String text) {
        assertThat(actual(text)).as(text).isEqualTo(reference(text));
    }

    @Test
    void theTrickyFormsIncludeBothAnswers() {
        // Not vacuous: the list above has addresses of each kind and refusals.
        assertThat(List.of(reference("::ffff:1.2.3.4"), reference("::1"), reference("1:2:3:4:5:6:7::8"), reference("fe80::1%1")))
                .containsExactly("IPV4_MAPPED 16909060", "IPV6", "rejected", "rejected");
    }

    @Test
    void answersAsTheCheckItReplacedOnEverySpellingOfRandomAddresses() {
        Random random = new Random(11);
        int mapped = 0;
        for (int i = 0; i < 20_000; i++) {
            int[] groups = new int[8];
            int kind = random.nextInt(4);
            for (int g = 0; g < 8; g++) {
                // Mostly zeros in a mapped or compressible address, so that :: and ::ffff: come up often.
                groups[g] = kind == 0 ? random.nextInt(0x10000) : random.nextInt(3) == 0 ? random.nextInt(0x10000) : 0;
            }
            if (kind == 1) {
                groups[5] = 0xffff;
                java.util.Arrays.fill(groups, 0, 5, 0);
            }
            for (String text : spellings(groups, random)) {
                String expected = reference(text);
                assertThat(actual(text)).as(text).isEqualTo(expected);
                mapped += expected.startsWith("IPV4_MAPPED") ? 1 : 0;
            }
        }
        assertThat(mapped).as("mapped spellings tried").isGreaterThan(1_000);
    }

    @Test
    void answersAsTheCheckItReplacedOnRandomStringsOfAddressCharacters() {
        Random random = new Random(5);
        String alphabet = "0123456789abcdefABCDEF::::....%/+- g";
        int accepted = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = 1 + random.nextInt(20);
            for (int k = 0; k < length; k++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String expected = reference(text.toString());
            assertThat(actual(text.toString())).as(text.toString()).isEqualTo(expected);
            accepted += expected.equals("rejected") ? 0 : 1;
        }
        assertThat(accepted).as("random strings that are addresses").isGreaterThan(100);
    }

    /** The address written out, compressed at each run of zeros, in either case, with leading zeros, and as a quad. */
    private static List<String> spellings(int[] groups, Random random) {
        List<String> hex = new ArrayList<>();
        for (int group : groups) {
            hex.add(random.nextBoolean() ? Integer.toHexString(group) : String.format(Locale.ROOT, "%04x", group));
        }
        List<String> spellings = new ArrayList<>();
        spellings.add(String.join(":", hex));
        String quad = (groups[6] >>> 8) + "." + (groups[6] & 0xff) + "." + (groups[7] >>> 8) + "." + (groups[7] & 0xff);
        spellings.add(String.join(":", hex.subList(0, 6)) + ":" + quad);
        for (int from = 0; from < 8; from++) {
            for (int to = from + 1; to <= 8; to++) {
                boolean zeros = true;
                for (int g = from; g < to; g++) {
                    zeros &= groups[g] == 0;
                }
                if (zeros) {
                    String head = String.join(":", hex.subList(0, from));
                    spellings.add(head + "::" + String.join(":", hex.subList(to, 8)));
                    if (to <= 6) {
                        spellings.add(head + "::" + String.join(":", hex.subList(to, 6)) + (to == 6 ? "" : ":") + quad);
                    }
                }
            }
        }
        List<String> cased = new ArrayList<>();
        for (String spelling : spellings) {
            cased.add(random.nextBoolean() ? spelling.toUpperCase(Locale.ROOT) : spelling);
        }
        return cased;
    }
}
