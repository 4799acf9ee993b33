package org.rareegress.enrich;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.rareegress.enrich.MmdbData.Uint16;
import org.rareegress.enrich.MmdbData.Uint32;
import org.rareegress.enrich.MmdbData.Uint64;

/**
 * Writes small MaxMind DB files for tests, so that the real reader reads real bytes: a binary search
 * tree over address bits (record size 24, 28 or 32; an IPv6 tree holds IPv4 networks under
 * {@code ::/96}, as MaxMind's own databases do), 16 zero bytes, the data section, the metadata marker
 * and the metadata map. Networks must not overlap. Usage:
 * {@code new MmdbWriter("GeoLite2-Country").insert("81.2.69.0/24", record).writeTo(file)}.
 */
final class MmdbWriter {
    private static final byte[] METADATA_MARKER = concat(new byte[] {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF},
            "MaxMind.com".getBytes(StandardCharsets.US_ASCII));
    private static final int DATA_SECTION_SEPARATOR = 16;

    private final String databaseType;
    private final Node root = new Node();
    // Equal records are stored once; the tree points every network holding one at the same offset.
    private final Map<Object, Integer> dataOffsets = new LinkedHashMap<>();
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    private int recordSize = 28;
    private int ipVersion = 6;
    private long buildEpoch = 1_700_000_000L;

    /** A tree node; each side is null (no data), a {@link Node}, or an Integer offset into the data section. */
    private static final class Node {
        final Object[] sides = new Object[2];
    }

    MmdbWriter(String databaseType) {
        this.databaseType = databaseType;
    }

    MmdbWriter recordSize(int bits) {
        if (bits != 24 && bits != 28 && bits != 32) {
            throw new IllegalArgumentException("record size is 24, 28 or 32, got " + bits);
        }
        this.recordSize = bits;
        return this;
    }

    MmdbWriter ipVersion(int version) {
        if (version != 4 && version != 6) {
            throw new IllegalArgumentException("ip version is 4 or 6, got " + version);
        }
        this.ipVersion = version;
        return this;
    }

    MmdbWriter buildEpoch(long seconds) {
        this.buildEpoch = seconds;
        return this;
    }

    /** Maps an IPv4 network such as {@code 81.2.69.0/24} to a record (usually a map; see {@link MmdbData}). */
    MmdbWriter insert(String cidr, Object record) {
        String[] parts = cidr.split("/");
        int prefix = Integer.parseInt(parts[1]);
        if (prefix < 1 || prefix > 32) {
            throw new IllegalArgumentException("prefix must be from 1 to 32: " + cidr);
        }
        String[] octets = parts[0].split("\\.");
        byte[] address = new byte[ipVersion == 6 ? 16 : 4];
        int start = address.length - 4;
        for (int i = 0; i < 4; i++) {
            address[start + i] = (byte) Integer.parseInt(octets[i]);
        }
        int bits = start * 8 + prefix;
        Integer offset = dataOffsets.computeIfAbsent(record, value -> {
            int at = data.size();
            data.writeBytes(MmdbData.encode(value));
            return at;
        });
        Node node = root;
        for (int i = 0; i < bits - 1; i++) {
            int bit = bitAt(address, i);
            Object side = node.sides[bit];
            if (side == null) {
                side = new Node();
                node.sides[bit] = side;
            } else if (!(side instanceof Node)) {
                throw new IllegalArgumentException(cidr + " lies inside a network inserted before");
            }
            node = (Node) side;
        }
        int last = bitAt(address, bits - 1);
        if (node.sides[last] != null) {
            throw new IllegalArgumentException(cidr + " overlaps a network inserted before");
        }
        node.sides[last] = offset;
        return this;
    }

    byte[] toBytes() {
        List<Node> nodes = numberBreadthFirst();
        Map<Node, Integer> numbers = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            numbers.put(nodes.get(i), i);
        }
        long nodeCount = nodes.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Node node : nodes) {
            // A record is a node number, node_count for "no data", or node_count + 16 + an offset in the data section.
            long left = recordValue(node.sides[0], numbers, nodeCount);
            long right = recordValue(node.sides[1], numbers, nodeCount);
            out.writeBytes(nodeBytes(left, right));
        }
        out.writeBytes(new byte[DATA_SECTION_SEPARATOR]);
        out.writeBytes(data.toByteArray());
        out.writeBytes(METADATA_MARKER);
        out.writeBytes(MmdbData.encode(metadata(nodeCount)));
        return out.toByteArray();
    }

    Path writeTo(Path file) {
        try {
            return Files.write(file, toBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, Object> metadata(long nodeCount) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("binary_format_major_version", new Uint16(2));
        metadata.put("binary_format_minor_version", new Uint16(0));
        metadata.put("build_epoch", new Uint64(buildEpoch));
        metadata.put("database_type", databaseType);
        metadata.put("description", Map.of("en", "rare-egress test fixture"));
        metadata.put("ip_version", new Uint16(ipVersion));
        metadata.put("languages", List.of("en"));
        metadata.put("node_count", new Uint32(nodeCount));
        metadata.put("record_size", new Uint16(recordSize));
        return metadata;
    }

    private List<Node> numberBreadthFirst() {
        List<Node> nodes = new ArrayList<>();
        Queue<Node> queue = new ArrayDeque<>(List.of(root));
        while (!queue.isEmpty()) {
            Node node = queue.remove();
            nodes.add(node);
            for (Object side : node.sides) {
                if (side instanceof Node child) {
                    queue.add(child);
                }
            }
        }
        return nodes;
    }

    private long recordValue(Object side, Map<Node, Integer> numbers, long nodeCount) {
        long value;
        if (side == null) {
            value = nodeCount;
        } else if (side instanceof Node child) {
            value = numbers.get(child);
        } else {
            value = nodeCount + DATA_SECTION_SEPARATOR + (Integer) side;
        }
        if (value >= 1L << recordSize) {
            throw new IllegalStateException("record value " + value + " does not fit " + recordSize + " bits");
        }
        return value;
    }

    private byte[] nodeBytes(long left, long right) {
        return switch (recordSize) {
            case 24 -> concat(bigEndian(left, 3), bigEndian(right, 3));
            // 28 bits: each record's low 24 bits on its side, the two high nibbles share the middle byte, left's first.
            case 28 -> concat(bigEndian(left, 3),
                    new byte[] {(byte) ((left >>> 24) << 4 | (right >>> 24))}, bigEndian(right, 3));
            default -> concat(bigEndian(left, 4), bigEndian(right, 4));
        };
    }

    private static byte[] bigEndian(long value, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (value >>> (8 * (length - 1 - i)));
        }
        return bytes;
    }

    private static int bitAt(byte[] address, int index) {
        return (address[index / 8] >>> (7 - index % 8)) & 1;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
