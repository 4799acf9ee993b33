package org.rareegress.event.read;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rareegress.event.DeadLetter;
import org.rareegress.event.InputFormat;
import org.rareegress.event.InputSettings;
import org.rareegress.event.IpAddresses;
import org.rareegress.event.NetworkEvent;
import org.rareegress.event.RecordReader;
import org.rareegress.event.RemoteAddressKind;
import org.rareegress.event.SourceRef;

/**
 * Random damage to real-looking Defender records: byte flips, truncations, insertions, deletions,
 * duplicated spans and swapped or replaced field values. The reader must never throw, and every
 * input must come out as events, rejects or skips: nothing may silently vanish. When the damaged
 * input is still valid JSON, it must yield exactly one outcome per row or envelope record.
 *
 * <p>Reproduce a failure with {@code -Dfuzz.seed=N}; the failing round, input and seed are printed.
 */
class ReaderFuzzTest {
    private static final int ROUNDS = 10_000;
    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final String ROW = """
            {"Timestamp":"2024-05-01T10:15:42.1234567Z","DeviceId":"f2b4c6d8e0a1b3c5d7e9f1a3b5c7d9e1f3a5b7c9",\
            "DeviceName":"ws-0042.contoso.local","ActionType":"ConnectionSuccess","RemoteIP":"203.0.113.45",\
            "RemotePort":4444,"RemoteUrl":"","LocalIP":"10.1.2.3","LocalPort":50123,"Protocol":"Tcp",\
            "LocalIPType":"Private","RemoteIPType":"Public",\
            "InitiatingProcessSHA1":"3f786850e387550fdab836ed7e6dc881de23001b",\
            "InitiatingProcessSHA256":"2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",\
            "InitiatingProcessMD5":"d41d8cd98f00b204e9800998ecf8427e","InitiatingProcessFileName":"rclone.exe",\
            "InitiatingProcessFileSize":51234816,"InitiatingProcessVersionInfoCompanyName":"https://rclone.org",\
            "InitiatingProcessId":7312,\
            "InitiatingProcessCommandLine":"\\"rclone.exe\\" copy C:\\\\Users\\\\a\\\\Documents remote:loot",\
            "InitiatingProcessCreationTime":"2024-05-01T10:15:40.0000000Z",\
            "InitiatingProcessFolderPath":"c:\\\\users\\\\a\\\\downloads\\\\rclone.exe",\
            "InitiatingProcessParentFileName":"cmd.exe","InitiatingProcessAccountName":"älice",\
            "InitiatingProcessIntegrityLevel":"Medium","ReportId":12345,"AdditionalFields":null}""";

    private static final String LOG_ANALYTICS_ROW = """
            {"TenantId":"00000000-0000-0000-0000-000000000000","Timestamp":"2024-05-01T10:15:42.123",\
            "DeviceId":"a1","DeviceName":"srv-01","ActionType":"ConnectionSuccess","RemoteIP":"::ffff:198.51.100.7",\
            "RemotePort":"8443","RemoteUrl":null,"Protocol":"Tcp","RemoteIPType":"Public",\
            "InitiatingProcessFileName":"Tool.EXE","InitiatingProcessMD5":"","InitiatingProcessCommandLine":"tool -c",\
            "AdditionalFields":{"direction":"out","tags":["a",1,null]},"Type":"DeviceNetworkEvents"}""";

    private static final String ENVELOPE = """
            {"records":[\
            {"time":"2024-05-01T10:15:43.0000000Z","tenantId":"t","operationName":"Publish",\
            "category":"AdvancedHunting-DeviceNetworkEvents","properties":%s},\
            {"time":"2024-05-01T10:15:44.0000000Z","tenantId":"t","operationName":"Publish",\
            "category":"AdvancedHunting-DeviceProcessEvents","properties":{"Timestamp":"2024-05-01T10:15:44Z",\
            "DeviceId":"b2","ActionType":"ProcessCreated","FileName":"whoami.exe"}},\
            {"time":"2024-05-01T10:15:45.0000000Z","category":"AdvancedHunting-DeviceNetworkEvents",\
            "properties":{"Timestamp":"2024-05-01T10:15:45.1Z","DeviceId":"c3","ActionType":"ConnectionFailed",\
            "RemoteIP":"2001:db8::1","RemotePort":22,"Protocol":"Tcp","RemoteIPType":"Public",\
            "InitiatingProcessFileName":"ssh.exe"}}]}""".formatted(ROW);

    private static final String ARRAY = "[" + ROW + "," + LOG_ANALYTICS_ROW + "]";

    private static final List<byte[]> SEEDS = List.of(bytes(ROW), bytes(LOG_ANALYTICS_ROW), bytes(ENVELOPE),
            bytes(ARRAY));

    private static final List<JsonNode> HOSTILE_VALUES = hostileValues();

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void seedsAreReadCleanly() {
        RecordingSink sink = new RecordingSink();
        RecordReader reader = reader(InputFormat.AUTO);

        SEEDS.forEach(seed -> reader.read(seed, SourceRef.file("seed", 1), sink));

        assertThat(sink.rejects).isEmpty();
        assertThat(sink.events).hasSize(6);
        assertThat(sink.skips).containsExactly("AdvancedHunting-DeviceProcessEvents");
    }

    @Test
    void damagedRecordsNeverThrowAndNeverVanish() {
        long seed = Long.getLong("fuzz.seed", 20240501L);
        Random random = new Random(seed);
        Map<InputFormat, RecordReader> readers = Map.of(InputFormat.AUTO, reader(InputFormat.AUTO),
                InputFormat.MDE, reader(InputFormat.MDE), InputFormat.ENVELOPE, reader(InputFormat.ENVELOPE));
        int[] outcomes = new int[3];
        int stillValidJson = 0;

        for (int round = 0; round < ROUNDS; round++) {
            byte[] input = mutate(random, SEEDS.get(random.nextInt(SEEDS.size())));
            InputFormat format = random.nextInt(4) == 0 ? (random.nextBoolean() ? InputFormat.MDE : InputFormat.ENVELOPE)
                    : InputFormat.AUTO;
            RecordingSink sink = new RecordingSink();
            try {
                readers.get(format).read(input, SourceRef.kafka("t", 0, round), sink);
                stillValidJson += checkOutcome(input, format, sink) ? 1 : 0;
            } catch (Throwable failure) {
                throw new AssertionError("fuzz.seed=" + seed + " round=" + round + " format=" + format
                        + " input(base64)=" + Base64.getEncoder().encodeToString(input) + ": " + failure, failure);
            }
            outcomes[0] += sink.events.size();
            outcomes[1] += sink.rejects.size();
            outcomes[2] += sink.skips.size();
        }

        System.out.printf("reader fuzz: seed %d, %d rounds (%d still valid JSON): %d events, %d rejects, %d skips%n",
                seed, ROUNDS, stillValidJson, outcomes[0], outcomes[1], outcomes[2]);
        assertThat(outcomes).doesNotContain(0);
        assertThat(stillValidJson).isGreaterThan(ROUNDS / 10);
    }

    @Test
    void aSharedReaderGivesTheSameOutcomeAsAFreshOne() {
        long seed = Long.getLong("fuzz.seed", 20240501L) + 1;
        Random random = new Random(seed);
        RecordReader shared = reader(InputFormat.AUTO);

        for (int round = 0; round < 2_000; round++) {
            byte[] input = mutate(random, SEEDS.get(random.nextInt(SEEDS.size())));
            RecordingSink fromShared = new RecordingSink();
            RecordingSink fromFresh = new RecordingSink();

            shared.read(input, SourceRef.unknown(), fromShared);
            reader(InputFormat.AUTO).read(input, SourceRef.unknown(), fromFresh);

            assertThat(summary(fromShared)).as("fuzz.seed=%d round=%d", seed, round).isEqualTo(summary(fromFresh));
        }
    }

    private static RecordReader reader(InputFormat format) {
        return RecordReaders.create(new InputSettings(format, 1_048_576, Duration.ofDays(1)), MdeJsonReaderTest.CLOCK);
    }

    private static List<String> summary(RecordingSink sink) {
        List<String> lines = new ArrayList<>();
        sink.events.forEach(e -> lines.add("event " + e.deviceId() + " " + e.timestampNanos() + " " + e.remotePort()
                + " " + e.remoteIp() + " " + e.processFileName() + " " + e.source()));
        sink.rejects.forEach(r -> lines.add("reject " + r.reason() + " " + r.source()));
        sink.skips.forEach(s -> lines.add("skip " + s));
        return lines;
    }

    /**
     * Checks what the reader made of one input; returns whether the input was still valid JSON
     * (and so checked for exactly one outcome per row or envelope record).
     */
    private static boolean checkOutcome(byte[] input, InputFormat format, RecordingSink sink) {
        JsonNode tree = validJson(input);
        if (sink.total() == 0) {
            // Only an empty array or an envelope without records may yield nothing at all.
            assertThat(tree).as("an input that yields nothing").isNotNull();
            assertThat(expectedOutcomes(tree)).as("items in %s", tree).isZero();
        }
        for (DeadLetter reject : sink.rejects) {
            assertThat(reject.reason()).isNotBlank();
            assertThat(reject.source()).isNotNull();
            assertThat(reject.raw().offset()).isBetween(0, input.length);
            assertThat(reject.raw().offset() + reject.raw().length()).isBetween(reject.raw().offset(), input.length);
        }
        for (NetworkEvent event : sink.events) {
            assertThat(event.timestampNanos()).isNotNegative();
            assertThat(event.deviceId()).isNotEmpty();
            assertThat(event.actionType()).isNotEmpty();
            assertThat(event.remotePort()).isBetween(-1, 65535);
            if (event.hasIpv4() && event.remoteAddressKind() == RemoteAddressKind.IPV4) {
                assertThat(IpAddresses.format(event.remoteIpv4())).isEqualTo(event.remoteIp());
            }
            assertThat(event.commandLine() == null ? 0 : event.commandLine().length()).isLessThanOrEqualTo(32_768);
        }
        List<String> whole = sink.rejects.stream().map(DeadLetter::reason)
                .filter(r -> r.startsWith("malformed JSON") || r.startsWith("record exceeds parser limits")
                        || r.startsWith("unreadable record"))
                .toList();
        if (!whole.isEmpty()) {
            assertThat(sink.rejects).as("a record rejected whole is one dead letter").hasSize(1);
            assertThat(sink.skips).as("nothing of a record rejected whole is skipped").isEmpty();
        }
        if (tree == null) {
            return false;
        }
        assertThat(whole).as("valid JSON is never called malformed").noneMatch(r -> r.startsWith("malformed JSON"));
        if (format == InputFormat.AUTO && whole.isEmpty()) {
            assertThat(sink.total()).as("one outcome per item of %s", tree.getNodeType()).isEqualTo(expectedOutcomes(tree));
        }
        return true;
    }

    private static int expectedOutcomes(JsonNode tree) {
        if (tree.isArray()) {
            return tree.size();
        }
        if (tree.isObject() && tree.has("records") && tree.get("records").isArray()) {
            return tree.get("records").size();
        }
        return 1;
    }

    /** The input as a JSON tree when it is one complete JSON value without duplicate keys, else null. */
    private static JsonNode validJson(byte[] input) {
        try {
            return STRICT.readTree(input);
        } catch (Exception notValid) {
            return null;
        }
    }

    // --- Mutations ---

    private static byte[] mutate(Random random, byte[] seed) {
        byte[] bytes = seed;
        if (random.nextInt(3) == 0) {
            bytes = mutateTree(random, bytes);
        }
        int byteMutations = random.nextInt(4);
        for (int i = 0; i < byteMutations && bytes.length > 0; i++) {
            bytes = mutateBytes(random, bytes);
        }
        return bytes;
    }

    private static byte[] mutateBytes(Random random, byte[] bytes) {
        int at = random.nextInt(bytes.length);
        switch (random.nextInt(6)) {
            case 0 -> { // flip
                byte[] copy = bytes.clone();
                copy[at] = (byte) random.nextInt(256);
                return copy;
            }
            case 1 -> { // truncate
                return java.util.Arrays.copyOf(bytes, at);
            }
            case 2 -> { // insert a JSON-ish token or bad UTF-8
                String[] tokens = {"{", "}", "[", "]", "\"", ",", ":", "null", "-1", "1e999", "\\u0000", "\\",
                        "\u00e9", "\uD83D\uDE80", "\"records\":[", "{\"a\":", "99999999999999999999"};
                byte[] token = random.nextInt(5) == 0
                        ? new byte[] {(byte) (0x80 + random.nextInt(0x80))}
                        : bytes(tokens[random.nextInt(tokens.length)]);
                return splice(bytes, at, at, token);
            }
            case 3 -> { // delete a span
                int end = Math.min(bytes.length, at + 1 + random.nextInt(20));
                return splice(bytes, at, end, new byte[0]);
            }
            case 4 -> { // duplicate a span
                int end = Math.min(bytes.length, at + 1 + random.nextInt(60));
                return splice(bytes, end, end, java.util.Arrays.copyOfRange(bytes, at, end));
            }
            default -> { // cut to a random prefix and repeat it
                byte[] prefix = java.util.Arrays.copyOf(bytes, at);
                return splice(prefix, prefix.length, prefix.length, prefix);
            }
        }
    }

    private static byte[] splice(byte[] bytes, int from, int to, byte[] insert) {
        byte[] result = new byte[bytes.length - (to - from) + insert.length];
        System.arraycopy(bytes, 0, result, 0, from);
        System.arraycopy(insert, 0, result, from, insert.length);
        System.arraycopy(bytes, to, result, from + insert.length, bytes.length - to);
        return result;
    }

    /** Swaps two field values, replaces one with a hostile value, or removes one, anywhere in the record. */
    private static byte[] mutateTree(Random random, byte[] bytes) {
        JsonNode root;
        try {
            root = STRICT.readTree(bytes);
        } catch (Exception e) {
            return bytes;
        }
        List<Object[]> fields = new ArrayList<>();
        collectFields(root, fields);
        if (fields.isEmpty()) {
            return bytes;
        }
        Object[] one = fields.get(random.nextInt(fields.size()));
        ObjectNode parent = (ObjectNode) one[0];
        String name = (String) one[1];
        switch (random.nextInt(3)) {
            case 0 -> {
                Object[] other = fields.get(random.nextInt(fields.size()));
                JsonNode value = parent.get(name);
                JsonNode otherValue = ((ObjectNode) other[0]).get((String) other[1]);
                if (value != null && otherValue != null) {
                    parent.set(name, otherValue.deepCopy());
                    ((ObjectNode) other[0]).set((String) other[1], value.deepCopy());
                }
            }
            case 1 -> parent.set(name, HOSTILE_VALUES.get(random.nextInt(HOSTILE_VALUES.size())).deepCopy());
            default -> parent.remove(name);
        }
        try {
            return STRICT.writeValueAsBytes(root);
        } catch (Exception e) {
            return bytes;
        }
    }

    private static void collectFields(JsonNode node, List<Object[]> fields) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                fields.add(new Object[] {object, name});
                collectFields(object.get(name), fields);
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(item -> collectFields(item, fields));
        }
    }

    private static List<JsonNode> hostileValues() {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ArrayNode deep = json.arrayNode();
        ArrayNode inner = deep;
        for (int i = 0; i < 70; i++) {
            inner = inner.addArray();
        }
        return List.of(json.textNode("abc"), json.booleanNode(true), json.numberNode(1.5), json.objectNode(),
                json.arrayNode(), json.nullNode(), json.numberNode(-1), json.numberNode(65536),
                json.numberNode(99_999_999_999L), json.textNode(""), json.textNode("1.2.3.999"),
                json.textNode("::ffff:999.1.1.1"), json.textNode("fe80::1%eth0"), json.textNode("2024-13-01T00:00:00Z"),
                json.textNode("2024-02-30T10:00:00Z"), json.textNode("1969-12-31T23:59:59Z"),
                json.textNode("2099-01-01T00:00:00Z"), json.numberNode(1_714_557_600L), json.textNode("x".repeat(40_000)),
                json.textNode("\u0000\u0001"), json.textNode("\uD83D\uDE80"), json.textNode("\uD800"), deep,
                json.textNode("AdvancedHunting-DeviceNetworkEvents"), json.textNode("65535"), json.textNode("0"));
    }
}
