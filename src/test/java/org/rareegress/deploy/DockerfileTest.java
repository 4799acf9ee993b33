package org.rareegress.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The Dockerfile, read instruction by instruction (no Docker engine here): stages, user, entry point. */
class DockerfileTest {
    private static final List<Instruction> INSTRUCTIONS = parse(RepoFiles.read("Dockerfile"));

    /** One instruction: keyword upper-cased, arguments with line continuations joined. */
    record Instruction(String keyword, String arguments) {
    }

    /** The image holds the slim jar (pom.xml's first shade execution; SlimJarIT checks what it leaves out). */
    @Test
    void buildsWithMavenAndRunsOnASlimJre17() {
        List<Instruction> froms = all("FROM");

        assertThat(froms).hasSize(2);
        assertThat(froms.get(0).arguments()).matches("maven:3\\.9\\.[0-9]+-eclipse-temurin-17 AS build");
        assertThat(all("RUN").stream().map(Instruction::arguments)).anyMatch(run -> run.contains("mvn -q -B -DskipTests package"));
        assertThat(froms.get(1).arguments()).matches("eclipse-temurin:17[0-9._]*-jre(-[a-z]+)?");
        assertThat(instructionsAfterLastFrom("COPY")).anyMatch(copy ->
                copy.arguments().equals("--from=build /build/target/rare-egress-slim.jar /opt/rare-egress/rare-egress.jar"));
        assertThat(all("RUN").stream().map(Instruction::arguments)).anyMatch(run -> run.contains("test -s target/rare-egress-slim.jar"));
    }

    @Test
    void runsAsTheFixedNonRootUserTheChartExpects() {
        List<Instruction> users = instructionsAfterLastFrom("USER");

        assertThat(users).hasSize(1);
        String uid = users.get(0).arguments().split(":")[0];
        assertThat(uid).matches("[0-9]+").isNotEqualTo("0");
        JsonNode values = RepoFiles.yaml(RepoFiles.read("helm/rare-egress/values.yaml"));
        assertThat(values.at("/podSecurityContext/runAsUser").asText()).as("helm values").isEqualTo(uid);
        assertThat(values.at("/securityContext/runAsUser").asText()).as("helm values").isEqualTo(uid);
    }

    @Test
    void entryPointRunsTheJarWithContainerAwareJvmFlags() throws JsonProcessingException {
        List<String> entryPoint = execForm(last("ENTRYPOINT"));
        List<String> command = execForm(last("CMD"));

        assertThat(entryPoint.get(0)).isEqualTo("java");
        assertThat(entryPoint.subList(entryPoint.size() - 2, entryPoint.size())).containsExactly("-jar", "/opt/rare-egress/rare-egress.jar");
        assertThat(entryPoint).anyMatch(flag -> flag.startsWith("-XX:MaxRAMPercentage="))
                .contains("-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp");
        assertThat(command).containsExactly("run", "--config", "/etc/rare-egress/rare-egress.properties");
    }

    @Test
    void exposesHttpAndDeclaresTheStateVolume() throws JsonProcessingException {
        assertThat(last("EXPOSE").arguments()).isEqualTo("8080 8081");
        assertThat(execForm(last("VOLUME"))).containsExactly("/var/lib/rare-egress");
        String healthcheck = last("HEALTHCHECK").arguments();
        assertThat(healthcheck).contains("/live").contains("RARE_EGRESS_HTTP_PROBE_PORT:-8081").doesNotContain("curl");
    }

    @Test
    void buildContextIsAnAllowList() {
        List<String> patterns = RepoFiles.read(".dockerignore").lines()
                .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();

        assertThat(patterns.get(0)).as("ignore everything first").isEqualTo("*");
        assertThat(patterns).contains("!pom.xml", "!src/main/", "!topics/", "!deploy/docker/");
        assertThat(patterns).noneMatch(p -> p.contains("target") || p.contains(".env") || p.contains("src/test"));
        assertThat(RepoFiles.path("deploy/docker/rare-egress.properties")).exists();
    }

    @Test
    void imageConfigurationUsesOnlyKnownKeys() {
        Properties config = RepoFiles.properties(RepoFiles.read("deploy/docker/rare-egress.properties"));
        Set<String> known = new TreeSet<>(RepoFiles.defaults().stringPropertyNames());

        // SettingsLoader refuses unknown keys in a --config file, so a typo here would stop every container.
        assertThat(config.stringPropertyNames()).allMatch(key -> known.contains(key) || key.startsWith("kafka."));
        assertThat(config.getProperty("kafka.state.dir")).isEqualTo("/var/lib/rare-egress/state");
    }

    private static List<Instruction> parse(String dockerfile) {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : dockerfile.lines().toList()) {
            String stripped = line.strip();
            if (current.length() == 0 && (stripped.isEmpty() || stripped.startsWith("#"))) {
                continue;
            }
            if (current.length() > 0 && stripped.startsWith("#")) {
                continue;
            }
            if (stripped.endsWith("\\")) {
                current.append(stripped, 0, stripped.length() - 1).append(' ');
                continue;
            }
            current.append(stripped);
            String text = current.toString().strip();
            current.setLength(0);
            int space = text.indexOf(' ');
            instructions.add(new Instruction(text.substring(0, space).toUpperCase(Locale.ROOT),
                    text.substring(space + 1).strip().replaceAll("\\s+", " ")));
        }
        return instructions;
    }

    private static List<Instruction> all(String keyword) {
        return INSTRUCTIONS.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    /** Instructions of the final (runtime) stage. */
    private static List<Instruction> instructionsAfterLastFrom(String keyword) {
        int lastFrom = 0;
        for (int i = 0; i < INSTRUCTIONS.size(); i++) {
            if (INSTRUCTIONS.get(i).keyword().equals("FROM")) {
                lastFrom = i;
            }
        }
        return INSTRUCTIONS.subList(lastFrom, INSTRUCTIONS.size()).stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    private static Instruction last(String keyword) {
        List<Instruction> found = all(keyword);
        assertThat(found).as(keyword).isNotEmpty();
        return found.get(found.size() - 1);
    }

    /** JSON-array ("exec") form; the shell form would make `java` a child of sh and lose SIGTERM. */
    private static List<String> execForm(Instruction instruction) throws JsonProcessingException {
        assertThat(instruction.arguments()).as(instruction.keyword() + " in exec form").startsWith("[");
        return List.of(new ObjectMapper().readValue(instruction.arguments(), String[].class));
    }
}
