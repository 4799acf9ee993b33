package org.rareegress.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The chart's copy of the repository's topics/ directory: helm/rare-egress/files/topics/*.properties. */
final class ChartTopicFiles {
    static final Path DIRECTORY = RepoFiles.path("helm/rare-egress/files/topics");

    private ChartTopicFiles() {
    }

    static List<String> names() {
        return propertiesFiles(DIRECTORY);
    }

    static String content(String name) {
        return RepoFiles.read(DIRECTORY.resolve(name));
    }

    static List<String> propertiesFiles(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".properties")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
