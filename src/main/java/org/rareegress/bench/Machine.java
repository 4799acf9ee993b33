package org.rareegress.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/** What the figures were measured on: cores, Java, heap, and the load the machine was under. */
final class Machine {
    private Machine() {
    }

    static String describe() {
        Runtime runtime = Runtime.getRuntime();
        return String.format(Locale.ROOT, "%d cores, Java %s (%s), max heap %.1f GB, load average %.2f",
                runtime.availableProcessors(), System.getProperty("java.version"), System.getProperty("java.vm.name"),
                runtime.maxMemory() / 1e9, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** Bytes of the files under {@code dir}. */
    static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(Files::isRegularFile).mapToLong(path -> path.toFile().length()).sum();
        }
    }

    static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is not worth failing the benchmark for.
        }
    }
}
