package org.rareegress.event;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.rareegress.TestFixtures;

/**
 * The OTRF attack-lab files of {@code src/test/resources/otrf/} (real Sysmon, Security and PowerShell
 * events; its README and SOURCES.md say where they come from).
 */
public final class OtrfLines {
    private OtrfLines() {
    }

    public static Path directory() {
        return TestFixtures.path("otrf/SOURCES.md").getParent();
    }

    /** The lab files; none is a failure, so a test over "every file" cannot pass on nothing. */
    public static List<Path> files(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> found = files.filter(file -> file.getFileName().toString().endsWith(".json.gz")).sorted().toList();
            if (found.isEmpty()) {
                throw new IllegalStateException("test fixture missing: no *.json.gz in " + directory);
            }
            return found;
        }
    }

    /** The lines of a gzip file, up to where the stream ends (a missing trailer is tolerated). */
    public static List<String> lines(Path file) throws IOException {
        StringBuilder text = new StringBuilder();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            byte[] buffer = new byte[1 << 16];
            int read;
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            try {
                while ((read = in.read(buffer)) > 0) {
                    all.write(buffer, 0, read);
                }
            } catch (java.io.EOFException truncated) {
                // What was read is kept, as the backtest does.
            }
            text.append(all.toString(StandardCharsets.UTF_8));
        }
        return text.toString().lines().filter(line -> !line.isBlank()).toList();
    }

    /** The checked-in sample of real lines (src/test/resources/otrf/sample.jsonl). */
    public static List<String> sample() throws IOException {
        return Files.readString(TestFixtures.path("otrf/sample.jsonl"), StandardCharsets.UTF_8).lines()
                .filter(line -> !line.isBlank()).toList();
    }
}
