package org.rareegress.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"0.0.0.0, 0", "8.8.8.8, 134744072", "127.0.0.1, 2130706433", "255.255.255.255, -1",
            "128.0.0.0, -2147483648", "10.200.30.4, 180887044", "1.2.3.4, 16909060"})
    void readsDottedQuads(String text, int expected) {
        IpAddresses.Parsed parsed = IpAddresses.parse(text);

        assertThat(parsed.kind()).isEqualTo(RemoteAddressKind.IPV4);
        assertThat(parsed.ipv4()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"::ffff:8.8.8.8", "::FFFF:8.8.8.8", "0:0:0:0:0:ffff:8.8.8.8", "::ffff:808:808"})
    void readsIpv4MappedAddressesAsTheirIpv4(String text) {
        IpAddresses.Parsed parsed = IpAddresses.parse(text);

        assertThat(parsed.kind()).isEqualTo(RemoteAddressKind.IPV4_MAPPED);
        assertThat(IpAddresses.format(parsed.ipv4())).isEqualTo("8.8.8.8");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2001:db8::1", "::1", "::", "fe80::1", "2001:4860:4860:0:0:0:0:8888", "::8.8.8.8",
            "64:ff9b::8.8.8.8", "::ffff:0:8.8.8.8", "FE80::ABCD"})
    void readsOtherIpv6AddressesAsIpv6(String text) {
        IpAddresses.Parsed parsed = IpAddresses.parse(text);

        assertThat(parsed.kind()).isEqualTo(RemoteAddressKind.IPV6);
    }

    @Test
    void readsNullAndEmptyAsAbsent() {
        assertThat(IpAddresses.parse(null).kind()).isEqualTo(RemoteAddressKind.ABSENT);
        assertThat(IpAddresses.parse("").kind()).isEqualTo(RemoteAddressKind.ABSENT);
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {"1.2.3.999", "256.0.0.0", "01.2.3.4", "1.02.3.4", "1.2.3.00", "1.2.3", "1.2.3.4.5",
            "1..2.3", ".1.2.3", "1.2.3.", "1.2.3.4 ", " 1.2.3.4", "a.b.c.d", "1.2.3.4/32", "0x8.8.8.8", "1.2.3.-4",
            "１.２.３.４", "1234.1.1.1", "fe80::1%eth0", "fe80::1%1", "::ffff:999.1.1.1", "::ffff:1.2.3",
            ":::", "2001:db8::g", "2001:db8:::1", "1:2:3:4:5:6:7:8:9", "localhost", "dns.google", "[::1]", " ",
            "0000:0000:0000:0000:0000:ffff:1.2.3.4:5", "::1 "})
    void rejectsAnythingElseNamingIt(String text) {
        assertThatThrownBy(() -> IpAddresses.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RemoteIP is not an IP address: '" + text + "'");
    }

    @Test
    void abbreviatesAHugeAddressInTheReason() {
        String huge = "1".repeat(100_000);

        assertThatThrownBy(() -> IpAddresses.parse(huge))
                .hasMessage("RemoteIP is not an IP address: '" + "1".repeat(64) + "...'");
    }

    @Test
    void rejectsALongIpv6LookalikeWithoutLookingItUp() {
        String text = "1:2:3:4:5:6:7:8:".repeat(10);

        assertThatThrownBy(() -> IpAddresses.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatsEveryAddressAsItWasRead() {
        Random random = new Random(3);

        for (int i = 0; i < 10_000; i++) {
            int address = random.nextInt();
            String text = IpAddresses.format(address);

            assertThat(IpAddresses.parse(text).ipv4()).as(text).isEqualTo(address);
        }
    }

    @Test
    void dottedQuadBytesAreExactlyWhatParseReadsAsIpv4() {
        Random random = new Random(14);
        String[] seeds = {"0.0.0.0", "8.8.8.8", "255.255.255.255", "10.200.30.4", "01.2.3.4", "1.2.3", "1.2.3.4.5",
            "256.1.1.1", "::ffff:1.2.3.4", "1..2.3", "1.2.3.4.", "::1"};
        String alphabet = "0123456789.:f ";
        int quads = 0;
        for (int round = 0; round < 100_000; round++) {
            StringBuilder text = new StringBuilder(seeds[random.nextInt(seeds.length)]);
            for (int change = random.nextInt(3); change > 0 && text.length() > 0; change--) {
                int at = random.nextInt(text.length());
                switch (random.nextInt(3)) {
                    case 0 -> text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> text.deleteCharAt(at);
                    default -> text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            byte[] padded = ("9" + text + "9").getBytes(java.nio.charset.StandardCharsets.US_ASCII);

            boolean quad = IpAddresses.isDottedQuad(padded, 1, padded.length - 1);

            RemoteAddressKind kind;
            try {
                kind = IpAddresses.parse(text.toString()).kind();
            } catch (IllegalArgumentException e) {
                kind = null;
            }
            assertThat(quad).as(text.toString()).isEqualTo(kind == RemoteAddressKind.IPV4);
            quads += quad ? 1 : 0;
        }
        assertThat(quads).isBetween(10_000, 90_000);
    }
}
