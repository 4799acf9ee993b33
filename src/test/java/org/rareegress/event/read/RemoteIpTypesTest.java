package org.rareegress.event.read;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rareegress.event.IpAddresses;

/**
 * Every row of the IPv4 table at its first and last address and just outside both ends, written out
 * by hand from the IANA registry rather than derived from the table under test.
 */
class RemoteIpTypesTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            // 0.0.0.0/8 this network
            "0.0.0.0, Reserved", "0.255.255.255, Reserved", "1.0.0.0, Public",
            // 10.0.0.0/8
            "9.255.255.255, Public", "10.0.0.0, Private", "10.255.255.255, Private", "11.0.0.0, Public",
            // 100.64.0.0/10 shared address space (CGNAT)
            "100.63.255.255, Public", "100.64.0.0, CarrierGradeNat", "100.127.255.255, CarrierGradeNat", "100.128.0.0, Public",
            // 127.0.0.0/8
            "126.255.255.255, Public", "127.0.0.0, Loopback", "127.255.255.255, Loopback", "128.0.0.0, Public",
            // 169.254.0.0/16
            "169.253.255.255, Public", "169.254.0.0, LinkLocal", "169.254.255.255, LinkLocal", "169.255.0.0, Public",
            // 172.16.0.0/12
            "172.15.255.255, Public", "172.16.0.0, Private", "172.31.255.255, Private", "172.32.0.0, Public",
            // 192.0.0.0/24 IETF protocol assignments, with the globally reachable 192.0.0.9 and 192.0.0.10
            "191.255.255.255, Public", "192.0.0.0, Reserved", "192.0.0.8, Reserved", "192.0.0.9, Public",
            "192.0.0.10, Public", "192.0.0.11, Reserved", "192.0.0.255, Reserved", "192.0.1.0, Public",
            // 192.0.2.0/24 TEST-NET-1
            "192.0.1.255, Public", "192.0.2.0, Reserved", "192.0.2.255, Reserved", "192.0.3.0, Public",
            // 192.88.99.0/24 deprecated 6to4 relay anycast
            "192.88.98.255, Public", "192.88.99.0, Reserved", "192.88.99.255, Reserved", "192.88.100.0, Public",
            // 192.168.0.0/16
            "192.167.255.255, Public", "192.168.0.0, Private", "192.168.255.255, Private", "192.169.0.0, Public",
            // 198.18.0.0/15 benchmarking
            "198.17.255.255, Public", "198.18.0.0, Reserved", "198.19.255.255, Reserved", "198.20.0.0, Public",
            // 198.51.100.0/24 TEST-NET-2
            "198.51.99.255, Public", "198.51.100.0, Reserved", "198.51.100.255, Reserved", "198.51.101.0, Public",
            // 203.0.113.0/24 TEST-NET-3
            "203.0.112.255, Public", "203.0.113.0, Reserved", "203.0.113.255, Reserved", "203.0.114.0, Public",
            // 224.0.0.0/4 multicast, 240.0.0.0/4 reserved, 255.255.255.255 broadcast
            "223.255.255.255, Public", "224.0.0.0, Multicast", "239.255.255.255, Multicast", "240.0.0.0, Reserved",
            "255.255.255.254, Reserved", "255.255.255.255, Broadcast",
            // globally reachable special-purpose blocks stay Public: AS112 and AMT
            "192.31.196.1, Public", "192.52.193.1, Public", "192.175.48.1, Public",
            // ordinary addresses
            "8.8.8.8, Public", "93.184.216.34, Public", "100.0.0.1, Public"})
    void classifiesIpv4ByTheRegistry(String address, String expected) {
        assertThat(RemoteIpTypes.of(address, IpAddresses.parse(address))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "::1, Loopback", "0:0:0:0:0:0:0:1, Loopback", "::, Reserved",
            "fe80::1, LinkLocal", "febf:ffff::1, LinkLocal", "fec0::1, Public",
            "fc00::1, Private", "fdff:ffff::1, Private", "fe00::1, Public",
            "ff02::1, Multicast", "2001:0:4136:e378::1, Teredo", "2001:1::1, Public",
            "2001:db8::1, Reserved", "2002:c000:204::1, FourToSixMapping", "2606:4700::1111, Public",
            "::ffff:10.0.0.1, Private", "::ffff:8.8.8.8, Public"})
    void classifiesIpv6ByPrefixAndMappedIpv4ByItsIpv4Address(String address, String expected) {
        assertThat(RemoteIpTypes.of(address, IpAddresses.parse(address))).isEqualTo(expected);
    }

    @Test
    void listsMoreSpecificBlocksBeforeTheBlocksThatContainThem() {
        for (int i = 0; i < RemoteIpTypes.IPV4.size(); i++) {
            for (int j = i + 1; j < RemoteIpTypes.IPV4.size(); j++) {
                RemoteIpTypes.Block earlier = RemoteIpTypes.IPV4.get(i);
                RemoteIpTypes.Block later = RemoteIpTypes.IPV4.get(j);

                assertThat(earlier.contains(later.network()) && earlier.prefix() < later.prefix())
                        .as("%s hides %s", earlier.cidr(), later.cidr()).isFalse();
            }
        }
    }

    @Test
    void hasNoTypeForAnAbsentAddress() {
        assertThat(RemoteIpTypes.of(null, IpAddresses.parse(null))).isNull();
    }
}
