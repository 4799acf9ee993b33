package org.rareegress.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Helm can only read files inside the chart, so the topics Job gets a copy of topics/ under
 * helm/rare-egress/files/topics/. These tests keep the copy honest.
 */
class HelmChartTopicsTest {
    private static final Path REPO_TOPICS = RepoFiles.path("topics");

    @Test
    void chartShipsOneDefinitionPerTopicRole() {
        assertThat(ChartTopicFiles.names()).containsExactly(
                "alerts.properties", "allowlist.properties", "dead-letter.properties", "input.properties", "rare-processes.properties");
    }

    @Test
    void chartCopyIsByteIdenticalToTheRepositoryTopics() throws IOException {
        assertThat(ChartTopicFiles.names())
                .as("files in helm/rare-egress/files/topics/ vs topics/; fix with: "
                        + "rm helm/rare-egress/files/topics/*.properties && cp topics/*.properties helm/rare-egress/files/topics/")
                .isEqualTo(ChartTopicFiles.propertiesFiles(REPO_TOPICS));
        for (String name : ChartTopicFiles.names()) {
            assertThat(Files.readAllBytes(ChartTopicFiles.DIRECTORY.resolve(name)))
                    .as("helm/rare-egress/files/topics/%s differs from topics/%s; fix with: cp topics/*.properties helm/rare-egress/files/topics/",
                            name, name)
                    .isEqualTo(Files.readAllBytes(REPO_TOPICS.resolve(name)));
        }
    }
}
