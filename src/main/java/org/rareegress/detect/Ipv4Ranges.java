package org.rareegress.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.net.util.SubnetUtils;

/**
 * A set of IPv4 CIDR blocks, merged into sorted disjoint ranges so that a lookup is one binary
 * search whatever the number of blocks. Parsing and validation are commons-net's.
 */
public final class Ipv4Ranges {
    private static final Ipv4Ranges EMPTY = new Ipv4Ranges(new long[0], new long[0], List.of());

    // Unsigned addresses widened to long: starts[i]..ends[i] inclusive, sorted, non-overlapping.
    private final long[] starts;
    private final long[] ends;
    private final List<String> cidrs;

    private Ipv4Ranges(long[] starts, long[] ends, List<String> cidrs) {
        this.starts = starts;
        this.ends = ends;
        this.cidrs = cidrs;
    }

    public static Ipv4Ranges empty() {
        return EMPTY;
    }

    /**
     * Parses CIDR blocks such as {@code 100.0.0.0/16}; a bare address means {@code /32}. Host bits
     * set below the mask are ignored ({@code 10.1.2.3/8} is {@code 10.0.0.0/8}), as in KQL's
     * {@code ipv4_lookup}.
     *
     * @throws IllegalArgumentException naming the offending block
     */
    public static Ipv4Ranges parse(List<String> blocks) {
        List<long[]> ranges = new ArrayList<>();
        List<String> normalized = new ArrayList<>();
        for (String raw : blocks) {
            String block = raw.strip();
            if (block.isEmpty()) {
                continue;
            }
            String cidr = block.contains("/") ? block : block + "/32";
            SubnetUtils.SubnetInfo info;
            try {
                info = new SubnetUtils(cidr).getInfo();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + block + "' is not an IPv4 CIDR block (like 100.0.0.0/16)");
            }
            long start = Integer.toUnsignedLong(info.asInteger(info.getNetworkAddress()));
            long end = Integer.toUnsignedLong(info.asInteger(info.getBroadcastAddress()));
            ranges.add(new long[] {start, end});
            // getCidrSignature() repeats the address as given, host bits and all.
            normalized.add(info.getNetworkAddress() + "/" + Integer.bitCount(info.asInteger(info.getNetmask())));
        }
        if (ranges.isEmpty()) {
            return EMPTY;
        }
        ranges.sort(Comparator.comparingLong(r -> r[0]));
        long[] starts = new long[ranges.size()];
        long[] ends = new long[ranges.size()];
        int count = 0;
        for (long[] range : ranges) {
            if (count > 0 && range[0] <= ends[count - 1] + 1) {
                ends[count - 1] = Math.max(ends[count - 1], range[1]);
            } else {
                starts[count] = range[0];
                ends[count] = range[1];
                count++;
            }
        }
        return new Ipv4Ranges(Arrays.copyOf(starts, count), Arrays.copyOf(ends, count), List.copyOf(normalized));
    }

    /** Whether the address (as a signed int holding the four octets big-endian) is in a block. */
    public boolean contains(int address) {
        long value = Integer.toUnsignedLong(address);
        int index = Arrays.binarySearch(starts, value);
        if (index >= 0) {
            return true;
        }
        int before = -index - 2;
        return before >= 0 && value <= ends[before];
    }

    public boolean isEmpty() {
        return starts.length == 0;
    }

    /** The blocks as given, normalized to network/prefix. */
    public List<String> cidrs() {
        return cidrs;
    }

    @Override
    public String toString() {
        return String.join(",", cidrs);
    }
}
