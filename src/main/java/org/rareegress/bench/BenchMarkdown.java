package org.rareegress.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench --markdown FILE}: the figures of a run as the Markdown BENCHMARKS.md shows them (which command
 * ran when, on which build and machine, the table and its notes), between two marker lines, so that one
 * command regenerates that part of the file and leaves the prose around it alone.
 */
final class BenchMarkdown {
    static final String BEGIN = "<!-- bench:begin";
    static final String END = "<!-- bench:end";
    private static final String BEGIN_LINE = BEGIN + " (written by `bench --markdown`: regenerate, do not edit) -->";
    private static final String END_LINE = END + " -->";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private BenchMarkdown() {
    }

    /** Null when {@code file} can take the section (absent, or with both markers in order), else why not. */
    static String problem(Path file) throws IOException {
        if (!Files.exists(file)) {
            Path parent = file.toAbsolutePath().getParent();
            return parent != null && Files.isDirectory(parent) ? null : "no directory " + parent;
        }
        if (!Files.isRegularFile(file) || !Files.isWritable(file)) {
            return file + " is not a writable file";
        }
        return markers(Files.readAllLines(file, StandardCharsets.UTF_8)) == null
                ? file + " has no '" + BEGIN + " ... -->' line followed by a '" + END + " -->' line to write between"
                : null;
    }

    /** The section: the run, the build, the machine, the table and its notes, between the marker lines. */
    static String section(List<String> args, Instant started, Duration took, String build, String header, String host,
                          BenchTable table) {
        StringBuilder text = new StringBuilder();
        text.append(BEGIN_LINE).append('\n');
        text.append("A run of `java -jar target/rare-egress.jar bench");
        args.forEach(arg -> text.append(' ').append(shellWord(arg)));
        text.append("` started ").append(WHEN.format(started)).append(", ").append(duration(took)).append(" in all.\n");
        text.append("Build: ").append(build).append(".\n");
        text.append("Machine: ").append(host).append("; load average ").append(Machine.loadAverage())
                .append(" at the end.\n\n");
        text.append("```\n").append(header).append("\n```\n\n");
        StringWriter rows = new StringWriter();
        try (PrintWriter out = new PrintWriter(rows)) {
            table.print(out);
        }
        text.append(rows.toString().replace(System.lineSeparator(), "\n"));
        text.append(END_LINE).append('\n');
        return text.toString();
    }

    /** Writes {@code section} between the markers of {@code file}, or as the whole of a new file. */
    static void write(Path file, String section) throws IOException {
        String content = section;
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            int[] at = markers(lines);
            if (at == null) {
                throw new IOException(problem(file));
            }
            List<String> result = new ArrayList<>(lines.subList(0, at[0]));
            result.addAll(section.lines().toList());
            result.addAll(lines.subList(at[1] + 1, lines.size()));
            content = String.join("\n", result) + "\n";
        }
        Path target = file.toAbsolutePath();
        Path temporary = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** The line numbers of the begin and end markers, or null unless there is one of each, in order. */
    private static int[] markers(List<String> lines) {
        int begin = -1;
        int end = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith(BEGIN)) {
                if (begin >= 0) {
                    return null;
                }
                begin = i;
            } else if (line.startsWith(END)) {
                if (end >= 0 || begin < 0) {
                    return null;
                }
                end = i;
            }
        }
        return begin >= 0 && end > begin ? new int[] {begin, end} : null;
    }

    static String duration(Duration took) {
        long seconds = Math.max(0, took.toSeconds());
        return seconds < 60 ? seconds + " s" : seconds / 60 + " min " + seconds % 60 + " s";
    }

    private static String shellWord(String arg) {
        return arg.matches("[A-Za-z0-9_./=,:@%+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }
}
