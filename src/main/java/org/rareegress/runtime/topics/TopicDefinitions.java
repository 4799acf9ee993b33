package org.rareegress.runtime.topics;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.config.TopicConfig;
import org.rareegress.config.ConfigException;

/**
 * Reads the topic definitions: {@code topics/<role>.properties} with {@code partitions},
 * {@code replication.factor} and {@code config.<topic config>} keys. The repo's {@code topics/} directory is
 * built into the jar; a directory given with {@code --dir} replaces it and must define all four roles.
 */
public final class TopicDefinitions {
    private static final String RESOURCE_DIR = "/org/rareegress/topics/";
    private static final String EXTENSION = ".properties";
    private static final String CONFIG_PREFIX = "config.";
    private static final Set<String> TOPIC_CONFIGS = topicConfigNames();

    private TopicDefinitions() {
    }

    /** The definitions built into the jar, in role order. */
    public static List<TopicDefinition> builtIn() {
        List<TopicDefinition> definitions = new ArrayList<>();
        for (TopicRole role : TopicRole.values()) {
            String resource = RESOURCE_DIR + role.fileName() + EXTENSION;
            try (InputStream in = TopicDefinitions.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing built-in topic definition " + resource);
                }
                definitions.add(parse(role, read(in), "built-in topics/" + role.fileName() + EXTENSION));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + resource, e);
            }
        }
        return definitions;
    }

    /** The definitions in a directory, in role order; every file must name a role and every role needs a file. */
    public static List<TopicDefinition> fromDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ConfigException("--dir", "no such directory: " + dir);
        }
        Set<String> known = Stream.of(TopicRole.values()).map(TopicRole::fileName).collect(Collectors.toSet());
        for (String name : propertiesFiles(dir)) {
            if (!known.contains(name)) {
                throw new ConfigException(dir.resolve(name + EXTENSION).toString(),
                        "is not a topic role; the roles are " + new TreeSet<>(known));
            }
        }
        List<TopicDefinition> definitions = new ArrayList<>();
        for (TopicRole role : TopicRole.values()) {
            Path file = dir.resolve(role.fileName() + EXTENSION);
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(file.toString(), "missing: every topic role needs a definition");
            }
            try (InputStream in = Files.newInputStream(file)) {
                definitions.add(parse(role, read(in), file.toString()));
            } catch (IOException e) {
                throw new ConfigException(file.toString(), "cannot read: " + e.getMessage());
            }
        }
        return definitions;
    }

    static TopicDefinition parse(TopicRole role, Properties properties, String source) {
        int partitions = -1;
        int replication = -1;
        SortedMap<String, String> configs = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            String value = properties.getProperty(key).strip();
            if (key.equals("partitions")) {
                partitions = positive(source, key, value, Integer.MAX_VALUE);
            } else if (key.equals("replication.factor")) {
                replication = positive(source, key, value, Short.MAX_VALUE);
            } else if (key.startsWith(CONFIG_PREFIX) && TOPIC_CONFIGS.contains(key.substring(CONFIG_PREFIX.length()))) {
                configs.put(key.substring(CONFIG_PREFIX.length()), value);
            } else {
                throw new ConfigException(source, "unknown key '" + key + "'; expected partitions, replication.factor"
                        + " or config.<topic config> (one of Kafka's topic configs, e.g. config.retention.ms)");
            }
        }
        if (partitions < 0 || replication < 0) {
            throw new ConfigException(source, "must set both partitions and replication.factor");
        }
        String minIsr = configs.get(TopicDefinition.MIN_ISR);
        if (minIsr != null) {
            positive(source, CONFIG_PREFIX + TopicDefinition.MIN_ISR, minIsr, Short.MAX_VALUE);
        }
        return new TopicDefinition(role, partitions, (short) replication, configs, source);
    }

    private static int positive(String source, String key, String value, int max) {
        try {
            int number = Integer.parseInt(value);
            if (number >= 1 && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below with the key
        }
        throw new ConfigException(source, key + " must be a whole number from 1 to " + max + ", got '" + value + "'");
    }

    private static Properties read(InputStream in) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    private static List<String> propertiesFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(EXTENSION))
                    .map(name -> name.substring(0, name.length() - EXTENSION.length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ConfigException("--dir", "cannot list " + dir + ": " + e.getMessage());
        }
    }

    /** Kafka's public list of topic-level config names: the {@code *_CONFIG} constants of {@link TopicConfig}. */
    private static Set<String> topicConfigNames() {
        Set<String> names = new TreeSet<>();
        for (Field field : TopicConfig.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
                    && field.getName().endsWith("_CONFIG")) {
                try {
                    names.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Set.copyOf(names);
    }
}
