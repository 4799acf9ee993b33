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

    static String loadAverage() {
        return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** The operating system, the processor model where Linux says it, the cores and the memory. */
    static String describeHost() {
        String cpu = null;
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            cpu = lines.filter(line -> line.startsWith("model name")).map(line -> line.substring(line.indexOf(':') + 1).strip())
                    .findFirst().orElse(null);
        } catch (IOException | RuntimeException e) {
            // Not Linux, or not readable: the model is a nicety.
        }
        String memory = "";
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            memory = String.format(Locale.ROOT, ", %.1f GB RAM", os.getTotalMemorySize() / 1e9);
        }
        return String.format(Locale.ROOT, "%s %s (%s), %d cores%s%s, Java %s (%s), max heap %.1f GB",
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), cpu == null ? "" : " (" + cpu + ")", memory,
                System.getProperty("java.version"), System.getProperty("java.vm.name"), Runtime.getRuntime().maxMemory() / 1e9);
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
