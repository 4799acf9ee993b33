package org.rareegress.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every configuration key is documented once in the README's table (the Helm values mirror it: HelmChartTest). */
class ReadmeKeysTest {

    @Test
    void everyKeyOfTheDefaultsHasARowInTheReadmesTable() {
        String readme = RepoFiles.read("README.md");

        List<String> missing = RepoFiles.defaults().stringPropertyNames().stream().sorted()
                .filter(key -> !key.startsWith("kafka."))
                .filter(key -> !readme.contains("| `" + key + "` |")).toList();

        assertThat(missing).isEmpty();
    }
}
