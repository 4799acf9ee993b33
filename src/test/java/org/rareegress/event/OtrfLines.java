package org.rareegress.event;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The OTRF attack-lab files of {@code ../shared/real-data/otrf/} (real Sysmon, Security and PowerShell
 * events), found from the project directory; a worktree one level deeper finds them too, and
 * {@code -Dotrf.dir=DIR} names another place.
 */
public final class OtrfLines {
    private OtrfLines() {
    }

    public static Optional<Path> directory() {
        List<Path> candidates = new ArrayList<>();
        String configured = System.getProperty("otrf.dir");
        if (configured != null) {
            candidates.add(Path.of(configured));
        }
        candidates.add(Path.of("..", "shared", "real-data", "otrf"));
        candidates.add(Path.of("..", "..", "shared", "real-data", "otrf"));
        return candidates.stream().filter(dir -> Files.isDirectory(dir) && Files.isReadable(dir.resolve("SOURCES.md")))
                .findFirst();
    }

    public static List<Path> files(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".json.gz")).sorted().toList();
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
        try (InputStream in = OtrfLines.class.getResourceAsStream("/otrf/sample.jsonl")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(line -> !line.isBlank()).toList();
        }
    }
}
