package org.rareegress.bench;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Which build measured the figures: the git commit of the checkout the jar (or classes directory) sits in,
 * whether that checkout had uncommitted changes, and when the jar was built. The jar carries no commit of
 * its own, so a jar older than the checkout's HEAD commit is said to be.
 */
final class BuildInfo {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private BuildInfo() {
    }

    /** @param written a file this run writes itself (its own changes do not count as uncommitted ones), or null */
    static String describe(Path written) {
        Path code = codeLocation();
        // target/rare-egress.jar or target/classes: the checkout is two levels up.
        Path checkout = code == null || code.getParent() == null || code.getParent().getParent() == null
                ? Path.of("").toAbsolutePath() : code.getParent().getParent();
        String version = BenchCommand.class.getPackage().getImplementationVersion();
        List<String> parts = new ArrayList<>();
        String commit = git(checkout, "rev-parse", "HEAD");
        Instant committed = null;
        if (commit == null) {
            parts.add("commit unknown (" + checkout + " is no git checkout)");
        } else {
            Path root = checkout.toAbsolutePath().normalize();
            Path own = written == null ? null : written.toAbsolutePath().normalize();
            String status = git(checkout, "status", "--porcelain", "--untracked-files=no", "--", ".",
                    own != null && own.startsWith(root) ? ":(exclude)" + root.relativize(own) : ".");
            String time = git(checkout, "log", "-1", "--format=%ct");
            committed = time == null ? null : Instant.ofEpochSecond(Long.parseLong(time));
            parts.add("commit `" + commit + "`" + (status == null ? "" : status.isEmpty()
                    ? " (checkout without uncommitted changes)" : " **with uncommitted changes**"));
        }
        if (code != null && Files.isRegularFile(code)) {
            try {
                Instant built = Files.getLastModifiedTime(code).toInstant();
                parts.add("jar built " + WHEN.format(built)
                        + (committed != null && built.isBefore(committed) ? " **before that commit**" : ""));
            } catch (IOException e) {
                parts.add("jar of unknown age");
            }
        }
        parts.add("rare-egress " + (version == null ? "(development build)" : version));
        return String.join(", ", parts);
    }

    private static Path codeLocation() {
        try {
            var source = BenchCommand.class.getProtectionDomain().getCodeSource();
            return source == null ? null : Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The command's output, stripped, or null when git is missing, fails or takes too long. */
    static String git(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return null;
            }
            if (process.exitValue() != 0) {
                return null;
            }
            return new String(output, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
