package org.rareegress.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rareegress.event.IpAddresses;

class Ipv4RangesTest {

    private static boolean contains(Ipv4Ranges ranges, String address) {
        return ranges.contains(IpAddresses.parse(address).ipv4());
    }

    @Test
    void mergesABlockNestedInsideAnEarlierOne() {
        Ipv4Ranges ranges = Ipv4Ranges.parse(List.of("10.1.0.0/16", "10.0.0.0/8"));

        boolean afterInner = contains(ranges, "10.2.0.0");
        boolean end = contains(ranges, "10.255.255.255");
        boolean beyond = contains(ranges, "11.0.0.0");

        assertThat(afterInner).isTrue();
        assertThat(end).isTrue();
        assertThat(beyond).isFalse();
    }

    @Test
    void mergesOverlappingBlocksIntoOneRange() {
        Ipv4Ranges ranges = Ipv4Ranges.parse(List.of("10.0.0.0/8", "10.1.0.0/16", "10.200.0.0/9"));

        boolean middle = contains(ranges, "10.150.0.0");
        boolean last = contains(ranges, "10.255.255.255");

        assertThat(middle).isTrue();
        assertThat(last).isTrue();
    }

    @Test
    void mergesAdjacentBlocksWithoutCoveringTheirNeighbours() {
        Ipv4Ranges ranges = Ipv4Ranges.parse(List.of("10.0.1.0/24", "10.0.0.0/24"));

        assertThat(contains(ranges, "9.255.255.255")).isFalse();
        assertThat(contains(ranges, "10.0.0.0")).isTrue();
        assertThat(contains(ranges, "10.0.0.255")).isTrue();
        assertThat(contains(ranges, "10.0.1.0")).isTrue();
        assertThat(contains(ranges, "10.0.1.255")).isTrue();
        assertThat(contains(ranges, "10.0.2.0")).isFalse();
    }

    @Test
    void keepsGapsBetweenDisjointBlocks() {
        Ipv4Ranges ranges = Ipv4Ranges.parse(List.of("200.200.200.0/24", "100.0.0.0/16", "1.2.3.4"));

        assertThat(contains(ranges, "1.2.3.4")).isTrue();
        assertThat(contains(ranges, "1.2.3.5")).isFalse();
        assertThat(contains(ranges, "150.0.0.0")).isFalse();
        assertThat(contains(ranges, "200.200.200.255")).isTrue();
        assertThat(contains(ranges, "200.200.201.0")).isFalse();
        assertThat(contains(ranges, "0.0.0.0")).isFalse();
    }

    @Test
    void handlesAddressesAbove127AsUnsigned() {
        Ipv4Ranges ranges = Ipv4Ranges.parse(List.of("255.255.255.255/32", "128.0.0.0/1"));

        assertThat(contains(ranges, "255.255.255.255")).isTrue();
        assertThat(contains(ranges, "128.0.0.0")).isTrue();
        assertThat(contains(ranges, "127.255.255.255")).isFalse();
    }

    @Test
    void readsABareAddressAsSlash32() {
        Ipv4Ranges ranges = Ipv4Ranges.parse(List.of("8.8.8.8"));

        assertThat(contains(ranges, "8.8.8.8")).isTrue();
        assertThat(contains(ranges, "8.8.8.7")).isFalse();
        assertThat(contains(ranges, "8.8.8.9")).isFalse();
        assertThat(ranges.cidrs()).containsExactly("8.8.8.8/32");
    }

    @Test
    void slash0CoversEveryAddress() {
        Ipv4Ranges ranges = Ipv4Ranges.parse(List.of("0.0.0.0/0"));

        assertThat(contains(ranges, "0.0.0.0")).isTrue();
        assertThat(contains(ranges, "127.0.0.1")).isTrue();
        assertThat(contains(ranges, "255.255.255.255")).isTrue();
    }

    @Test
    void ignoresHostBitsBelowTheMask() {
        Ipv4Ranges ranges = Ipv4Ranges.parse(List.of("10.1.2.3/8"));

        assertThat(contains(ranges, "10.0.0.0")).isTrue();
        assertThat(contains(ranges, "10.255.255.255")).isTrue();
        assertThat(contains(ranges, "11.0.0.0")).isFalse();
    }

    @Test
    void listsBlocksNormalizedToNetworkAndPrefix() {
        Ipv4Ranges ranges = Ipv4Ranges.parse(List.of(" 10.1.2.3/8 ", "192.168.1.77/24"));

        List<String> cidrs = ranges.cidrs();

        assertThat(cidrs).containsExactly("10.0.0.0/8", "192.168.1.0/24");
    }

    @Test
    void skipsBlankItemsAndIsEmptyWithoutBlocks() {
        Ipv4Ranges ranges = Ipv4Ranges.parse(List.of("", "  "));

        assertThat(ranges.isEmpty()).isTrue();
        assertThat(contains(ranges, "0.0.0.0")).isFalse();
        assertThat(Ipv4Ranges.empty().isEmpty()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "256.0.0.0/8", "10.0.0/8", "10.0.0.0/", "/8", "10.0.0.0/-1", "abc",
            "::1/128", "10.0.0.0/8/8", "1.2.3.999"})
    void rejectsAnInvalidBlockNamingIt(String block) {
        List<String> blocks = List.of("100.0.0.0/16", block);

        assertThatThrownBy(() -> Ipv4Ranges.parse(blocks))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + block + "'");
    }
}
