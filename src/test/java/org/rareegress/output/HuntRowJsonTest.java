package org.rareegress.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.rareegress.codec.OutputJson;
import org.rareegress.detect.HuntRow;

/** Rows travel between instances as JSON (GET /rare-processes?scope=local): what one writes, another reads. */
class HuntRowJsonTest {
    private static final Path REPORT = Path.of("src/test/resources/golden/report.jsonl");

    @Test
    void aRowReadBackIsTheSameRowAndWritesTheSameJson() throws Exception {
        String line = Files.readAllLines(REPORT, StandardCharsets.UTF_8).get(0);

        HuntRow row = OutputJson.mapper().readValue(line, HuntRow.class);

        assertThat(OutputJson.toLine(row)).isEqualTo(line);
        assertThat(row.schemaVersion()).as("a row of the process dimension is a 1.0 row").isEqualTo(HuntRow.PROCESS_SCHEMA_VERSION);
    }

    @Test
    void aRowOfALaterMinorVersionWithANewFieldIsStillRead() throws Exception {
        ObjectNode later = (ObjectNode) OutputJson.mapper().readTree(Files.readAllLines(REPORT, StandardCharsets.UTF_8).get(0));
        later.put("SchemaVersion", "1.4");
        later.put("ProcessCount", 7);

        HuntRow row = OutputJson.mapper().treeToValue(later, HuntRow.class);

        assertThat(row.process()).isEqualTo(later.path("InitiatingProcessFileName").asText());
    }
}
