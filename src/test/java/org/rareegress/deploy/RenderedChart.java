package org.rareegress.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * helm/rare-egress rendered by the real Helm (helm-java runs Helm 3 in-process), parsed into objects.
 * Release "re" in namespace "detect", so names are predictable: re-rare-egress, re-rare-egress-headless.
 *
 * <p>helm-java's {@code template} returns the release manifest only, without hooks (the topics Job,
 * its ConfigMap, a hook Secret, the {@code helm test} pod). So rendering runs on a copy of the chart
 * in which the annotation prefix {@code helm.sh/hook} reads {@value #HOOK}: Helm then treats those
 * objects as plain manifests and prints them, and the tests read the hook annotations under that name.
 * Nothing else differs from the chart in the repository (which {@code lint} checks as it is).
 */
final class RenderedChart {
    static final Path CHART = RepoFiles.path("helm/rare-egress");
    static final String HOOK = "rendered.helm.sh/hook";
    private static Path renderableCopy;
    static final String RELEASE = "re";
    static final String NAMESPACE = "detect";
    static final String FULLNAME = "re-rare-egress";
    static final String HEADLESS = "re-rare-egress-headless";

    private final List<JsonNode> objects;

    private RenderedChart(List<JsonNode> objects) {
        this.objects = objects;
    }

    /** Renders with the chart's ci/ value files named (none: the defaults) and then inline YAML, in order. */
    static RenderedChart render(List<String> ciValueFiles, String... inlineValues) {
        TemplateCommand command = new Helm(renderableChart()).template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                // Without a cluster, helm-java's Helm assumes Kubernetes v1.20, below the chart's kubeVersion.
                .withKubeVersion("1.31.0");
        for (String file : ciValueFiles) {
            command.withValuesFile(CHART.resolve("ci").resolve(file));
        }
        for (String yaml : inlineValues) {
            command.withValuesFile(temporaryValuesFile(yaml));
        }
        return new RenderedChart(RepoFiles.yamlDocuments(command.call()));
    }

    static RenderedChart render(String... inlineValues) {
        return render(List.of(), inlineValues);
    }

    static RenderedChart renderCi(String ciValueFile) {
        return render(List.of(ciValueFile));
    }

    /** The chart with hooks disguised as plain objects, copied once per test JVM. */
    private static synchronized Path renderableChart() {
        if (renderableCopy == null) {
            try {
                Path temporary = Files.createTempDirectory("rare-egress-chart-");
                temporary.toFile().deleteOnExit();
                Path copy = temporary.resolve("rare-egress");
                try (Stream<Path> files = Files.walk(CHART)) {
                    for (Path source : files.toList()) {
                        Path target = copy.resolve(CHART.relativize(source).toString());
                        if (Files.isDirectory(source)) {
                            Files.createDirectories(target);
                        } else if (source.startsWith(CHART.resolve("templates"))) {
                            Files.writeString(target, RepoFiles.read(source).replace("helm.sh/hook", HOOK));
                        } else {
                            Files.copy(source, target);
                        }
                        // Deleted at exit in reverse order of registration: files before their folders.
                        target.toFile().deleteOnExit();
                    }
                }
                renderableCopy = copy;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return renderableCopy;
    }

    private static Path temporaryValuesFile(String yaml) {
        try {
            Path file = Files.createTempFile("rare-egress-values-", ".yaml");
            file.toFile().deleteOnExit();
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<JsonNode> all() {
        return objects;
    }

    Stream<JsonNode> ofKind(String kind) {
        return objects.stream().filter(object -> kind.equals(object.path("kind").asText()));
    }

    Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).filter(object -> name.equals(object.path("metadata").path("name").asText())).findFirst();
    }

    JsonNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " in " + summary()));
    }

    List<String> summary() {
        return objects.stream().map(o -> o.path("kind").asText() + "/" + o.path("metadata").path("name").asText()).toList();
    }

    JsonNode statefulSet() {
        return get("StatefulSet", FULLNAME);
    }

    JsonNode podSpec() {
        return statefulSet().path("spec").path("template").path("spec");
    }

    JsonNode container(String name) {
        return containerIn(podSpec().path("containers"), name)
                .orElseThrow(() -> new AssertionError("no container " + name));
    }

    static Optional<JsonNode> containerIn(JsonNode containers, String name) {
        for (JsonNode container : containers) {
            if (name.equals(container.path("name").asText())) {
                return Optional.of(container);
            }
        }
        return Optional.empty();
    }

    /** The EnvVar of that name in a container, or a missing node. */
    static JsonNode env(JsonNode container, String name) {
        for (JsonNode variable : container.path("env")) {
            if (name.equals(variable.path("name").asText())) {
                return variable;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    static JsonNode namedIn(JsonNode list, String name) {
        for (JsonNode item : list) {
            if (name.equals(item.path("name").asText())) {
                return item;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** The rare-egress.properties the pods read, parsed as the application parses it. */
    Properties configProperties() {
        return RepoFiles.properties(get("ConfigMap", FULLNAME).path("data").path("rare-egress.properties").asText());
    }
}
