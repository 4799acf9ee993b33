package org.rareegress.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rareegress.output.OutputSchemas.Kind;

/** The README's format sections name every field of the schemas and point to them. */
class OutputDocsTest {
    private static final String README = read("README.md");

    @Test
    void theAlertAndHuntTableSectionsNameEveryFieldOfTheNativeAlertsStormsIncluded() {
        String sections = section("## Alert format") + section("## Hunt table format");

        assertThat(missing(OutputSchemas.published(Kind.ALERT).at("/$defs/ProcessAlert/properties"), sections)).isEmpty();
        assertThat(missing(OutputSchemas.published(Kind.ALERT).at("/$defs/StormAlert/properties"), sections)).isEmpty();
        assertThat(sections).contains("schemas/alert.schema.json", "schemas/hunt-row.schema.json",
                "schemas/alert-ecs.schema.json", "schemas/alert-ocsf.schema.json");
    }

    @Test
    void theBadInputSectionNamesEveryFieldOfTheDeadLetter() {
        String section = section("## Inputs, enrichment, bad input");

        assertThat(missing(OutputSchemas.published(Kind.DEAD_LETTER).path("properties"), section)).isEmpty();
        assertThat(section).contains("schemas/dead-letter.schema.json");
    }

    private static List<String> missing(JsonNode properties, String text) {
        List<String> missing = new ArrayList<>();
        properties.fieldNames().forEachRemaining(name -> {
            if (!text.contains("`" + name + "`") && !text.contains("\"" + name + "\"")) {
                missing.add(name);
            }
        });
        return missing;
    }

    private static String section(String heading) {
        int start = README.indexOf("\n" + heading + "\n");
        assertThat(start).as(heading).isNotNegative();
        int end = README.indexOf("\n## ", start + heading.length() + 2);
        return README.substring(start, end < 0 ? README.length() : end);
    }

    private static String read(String relative) {
        try {
            return Files.readString(OutputSchemas.folder().getParent().resolve(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
