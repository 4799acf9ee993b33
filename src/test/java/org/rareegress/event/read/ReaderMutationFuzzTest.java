package org.rareegress.event.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rareegress.event.InputFormat;
import org.rareegress.event.OtrfLines;
import org.rareegress.event.RecordReader;
import org.rareegress.event.SourceRef;

/**
 * Thousands of mutations of real OTRF lines (byte damage and hostile field values) through the auto,
 * Sysmon and ECS readers: nothing is thrown, nothing vanishes (every record ends as an event, a skip or
 * a rejection), and no rejection is the readers' last-resort "internal error". The seed is fixed and
 * printed in every failure; {@code -Dfuzz.seed=N} replays another.
 */
class ReaderMutationFuzzTest {
    private static final int CASES = 6_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Object[] HOSTILE_VALUES = {"garbage", "", "-1", "99999", "maybe", "true", "1e400", "\u0000\uFFFF",
            "x".repeat(50_000), 3, -7, 1.5, Long.MAX_VALUE, Boolean.TRUE, null, "2022-13-45 99:99:99.999", "::ffff:1.2.3.4",
            "1.2.3", "fe80::1%eth0", "9999-12-31T23:59:59Z"};

    @Test
    void mutatedRealLinesAreAlwaysEventsSkipsOrRejections() throws IOException {
        long seed = Long.getLong("fuzz.seed", 20_261_128L);
        Random random = new Random(seed);
        List<String> seeds = seeds();
        List<RecordReader> readers = List.of(SysmonRecords.reader(InputFormat.AUTO), SysmonRecords.reader(InputFormat.SYSMON),
                SysmonRecords.reader(InputFormat.ECS));

        int[] outcomes = new int[3];
        for (int i = 0; i < CASES; i++) {
            String original = seeds.get(random.nextInt(seeds.size()));
            byte[] mutated = random.nextBoolean() ? mutateBytes(original, random) : mutateFields(original, random);
            RecordReader reader = readers.get(random.nextInt(10) < 8 ? 0 : 1 + random.nextInt(2));
            RecordingSink sink = new RecordingSink();
            String where = "seed " + seed + ", case " + i + ": " + abbreviate(new String(mutated, StandardCharsets.UTF_8));

            assertThatCode(() -> reader.read(mutated, SourceRef.file("fuzz", 1), sink)).as(where).doesNotThrowAnyException();

            assertThat(sink.total()).as(where).isEqualTo(1);
            assertThat(sink.reasons()).as(where).noneMatch(reason -> reason.startsWith("internal error"));
            outcomes[0] += sink.events.size();
            outcomes[1] += sink.skips.size();
            outcomes[2] += sink.rejects.size();
        }

        // The mutations must reach every outcome, or the test proves little.
        assertThat(java.util.Arrays.stream(outcomes).boxed().toList()).as("events, skips, rejections")
                .allSatisfy(count -> assertThat(count).isGreaterThan(CASES / 20));
    }

    /** The checked-in sample of OTRF Windows event lines, and lines of every OTRF file. */
    private static List<String> seeds() throws IOException {
        List<String> seeds = new ArrayList<>(OtrfLines.sample());
        Random pick = new Random(1);
        for (Path file : OtrfLines.files(OtrfLines.directory())) {
            List<String> lines = OtrfLines.lines(file);
            for (int i = 0; i < 40; i++) {
                seeds.add(lines.get(pick.nextInt(lines.size())));
            }
            lines.stream().filter(line -> line.contains("\"EventID\":3,") || line.contains("\"event_id\":3,")).limit(20).forEach(seeds::add);
        }
        return seeds;
    }

    private static byte[] mutateBytes(String original, Random random) {
        byte[] bytes = original.getBytes(StandardCharsets.UTF_8);
        int at = random.nextInt(bytes.length);
        return switch (random.nextInt(4)) {
            case 0 -> {
                bytes[at] = (byte) random.nextInt(256);
                yield bytes;
            }
            case 1 -> java.util.Arrays.copyOf(bytes, Math.max(1, at));
            case 2 -> {
                byte[] cut = new byte[bytes.length - Math.min(bytes.length - 1, random.nextInt(40))];
                System.arraycopy(bytes, 0, cut, 0, Math.min(at, cut.length));
                System.arraycopy(bytes, bytes.length - (cut.length - Math.min(at, cut.length)), cut, Math.min(at, cut.length),
                        cut.length - Math.min(at, cut.length));
                yield cut;
            }
            default -> {
                byte[] grown = new byte[bytes.length + 3];
                System.arraycopy(bytes, 0, grown, 0, at);
                grown[at] = '{';
                grown[at + 1] = '"';
                grown[at + 2] = ',';
                System.arraycopy(bytes, at, grown, at + 3, bytes.length - at);
                yield grown;
            }
        };
    }

    private static byte[] mutateFields(String original, Random random) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(original);
        ObjectNode target = root.has("event_data") && random.nextBoolean() ? (ObjectNode) root.get("event_data") : root;
        List<String> names = new ArrayList<>();
        Iterator<String> iterator = target.fieldNames();
        iterator.forEachRemaining(names::add);
        int changes = 1 + random.nextInt(3);
        for (int c = 0; c < changes && !names.isEmpty(); c++) {
            String name = names.get(random.nextInt(names.size()));
            switch (random.nextInt(6)) {
                case 0 -> target.remove(name);
                case 1 -> target.set(name, JSON.valueToTree(HOSTILE_VALUES[random.nextInt(HOSTILE_VALUES.length)]));
                case 2 -> target.putObject(name).putArray("nested").addObject().put("deeper", "x");
                case 3 -> target.set(name, deep(random.nextInt(100)));
                case 4 -> target.put(random.nextBoolean() ? "EventID" : "event_id", random.nextInt(30));
                default -> target.put("Initiated", random.nextBoolean() ? "false" : "yes");
            }
        }
        return JSON.writeValueAsBytes(root);
    }

    private static JsonNode deep(int depth) {
        JsonNode node = JSON.getNodeFactory().textNode("bottom");
        for (int i = 0; i < depth; i++) {
            node = JSON.createArrayNode().add(node);
        }
        return node;
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
