package org.rareegress.backtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * Removes a backtest's temporary state directory when the JVM is stopped by a signal (SIGTERM, Ctrl-C) while
 * the backtest runs: the JVM then runs its shutdown hooks but never the {@code finally} blocks of the main
 * thread, so {@link Backtest#close()} does not get to. Every other way out (the end, an error, an unreadable
 * file, an OutOfMemoryError without {@code -XX:+ExitOnOutOfMemoryError}) goes through {@code close()}. Only
 * {@code kill -9} and {@code -XX:+ExitOnOutOfMemoryError} (which runs no hook) leave it; for an in-memory
 * backtest it is then an empty directory.
 */
final class StateDirectoryCleanup implements AutoCloseable {
    private Thread hook;
    private Path directory;

    /** From now until {@link #close()}, a shutdown of the JVM removes {@code stateDirectory}. */
    void watch(Path stateDirectory) {
        directory = stateDirectory;
        hook = new Thread(() -> delete(stateDirectory), "backtest-state-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Unregisters the hook, and removes the directory if it is still there. */
    @Override
    public void close() {
        if (hook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to: it removes the directory.
        }
        delete(directory);
        hook = null;
    }

    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            // A temporary directory left behind is not worth failing for.
        }
    }
}
