package org.rareegress.runtime.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The data directory of {@link LocalKafka}: formatting it like {@code kafka-storage.sh format}, and removing it. */
final class LocalStorage {
    private static final Logger LOG = LoggerFactory.getLogger(LocalStorage.class);
    private static final String META_PROPERTIES = "meta.properties";

    private LocalStorage() {
    }

    /** What {@code kafka-storage.sh format} does; a directory formatted by an earlier run is kept as it is. */
    static void format(KafkaConfig config, Path dir) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Formatter formatter = new Formatter()
                // The formatter reports to a stream; keep it off standard output, which carries alerts.
                .setPrintStream(new PrintStream(output, true, StandardCharsets.UTF_8))
                .setNodeId(config.nodeId())
                .setClusterId(existingClusterId(dir).orElseGet(() -> Uuid.randomUuid().toString()))
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setControllerListenerName(BrokerProperties.CONTROLLER_LISTENER)
                .setMetadataLogDirectory(config.metadataLogDir())
                .setHasDynamicQuorum(false)
                .setWriteBootstrapSnapshot(true)
                .setIgnoreFormatted(true)
                .addDirectory(dir.toString());
        try {
            formatter.run();
        } catch (Exception e) {
            throw new IllegalStateException("formatting " + dir + " failed: " + e.getMessage(), e);
        }
        LOG.debug("Formatted: {}", output.toString(StandardCharsets.UTF_8).strip());
    }

    private static Optional<String> existingClusterId(Path dir) {
        Path meta = dir.resolve(META_PROPERTIES);
        if (!Files.isRegularFile(meta)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + meta, e);
        }
        return Optional.ofNullable(properties.getProperty("cluster.id"));
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", dir, e.toString());
        }
    }
}
