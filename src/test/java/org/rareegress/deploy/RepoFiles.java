package org.rareegress.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Files of the repository the deployment tests read, resolved from the Maven base directory. */
final class RepoFiles {
    static final YAMLMapper YAML = new YAMLMapper();

    private RepoFiles() {
    }

    /** The project base directory: surefire sets {@code basedir}; IDEs usually run in it. */
    static Path root() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(String relative) {
        return read(path(relative));
    }

    static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every non-empty document of a multi-document YAML stream (helm template output). */
    static List<JsonNode> yamlDocuments(String text) {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> iterator = YAML.readerFor(JsonNode.class).readValues(text)) {
            while (iterator.hasNext()) {
                JsonNode document = iterator.next();
                if (document != null && document.isObject() && !document.isEmpty()) {
                    documents.add(document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    static Properties properties(String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** The application's built-in defaults: the one place every configuration key is listed. */
    static Properties defaults() {
        try (InputStream in = RepoFiles.class.getResourceAsStream("/org/rareegress/config/defaults.properties")) {
            Properties properties = new Properties();
            properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code <kafka.version>} of pom.xml: the broker image of docker-compose.yml must match the clients. */
    static String pomKafkaVersion() {
        Matcher matcher = Pattern.compile("<kafka\\.version>([^<]+)</kafka\\.version>").matcher(read("pom.xml"));
        if (!matcher.find()) {
            throw new IllegalStateException("pom.xml has no <kafka.version>");
        }
        return matcher.group(1).trim();
    }
}
