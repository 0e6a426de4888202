package io.fourfold.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The service Dockerfiles build from source in a throw-away stage and ship only a JRE, the layers and a health check. */
class DockerfileTest {

    /** Boot's default layers, in the order that puts the most stable first (best cached). */
    private static final List<String> BOOT_LAYERS = List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application");

    record Instruction(String keyword, String arguments) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"api-service", "worker-service"})
    void buildsTheModuleInABuilderStageAndShipsOnlyAJre(String module) {
        List<List<Instruction>> stages = stages(module);
        assertThat(stages).hasSizeGreaterThanOrEqualTo(2);
        for (List<Instruction> stage : stages) {
            String image = stage.getFirst().arguments().split("\\s+")[0];
            assertThat(ImageReference.problem(image)).as("%s FROM %s", module, image).isEmpty();
        }
        List<Instruction> build = stages.getFirst();
        List<Instruction> runtime = stages.getLast();

        assertThat(build.getFirst().arguments()).contains("-jdk").endsWith(" AS build");
        assertThat(text(build, "RUN")).contains("./mvnw").contains("-pl " + module + " -am")
                .contains(module + "/target/" + module + "-*-exec.jar")
                .contains("-Djarmode=tools -jar /tmp/app.jar extract --layers --launcher");
        assertThat(Repository.read(Repository.file(module + "/pom.xml"))).contains("<classifier>exec</classifier>");

        assertThat(runtime.getFirst().arguments()).contains("eclipse-temurin:").contains("-jre");
        assertThat(text(runtime, "RUN")).doesNotContain("mvnw").doesNotContain("javac").doesNotContain("apt-get");
        List<String> layers = runtime.stream().filter(instruction -> instruction.keyword().equals("COPY"))
                .map(Instruction::arguments)
                .map(arguments -> Pattern.compile("--from=build /tmp/extracted/([a-z-]+)/").matcher(arguments))
                .filter(Matcher::find)
                .map(matcher -> matcher.group(1))
                .toList();
        assertThat(layers).isEqualTo(BOOT_LAYERS);
        assertThat(text(runtime, "ENTRYPOINT")).contains("org.springframework.boot.loader.launch.JarLauncher");
    }

    @ParameterizedTest
    @ValueSource(strings = {"api-service", "worker-service"})
    void runsAsANumericNonRootUserWithAHealthCheckOnTheManagementPort(String module) {
        List<Instruction> runtime = stages(module).getLast();

        String user = runtime.stream().filter(instruction -> instruction.keyword().equals("USER"))
                .reduce((first, second) -> second).orElseThrow().arguments();
        assertThat(user).matches("\\d+(:\\d+)?");
        assertThat(Integer.parseInt(user.split(":")[0])).isPositive();

        assertThat(text(runtime, "HEALTHCHECK")).contains("CMD").contains("HealthCheck")
                .contains("http://127.0.0.1:8081/actuator/health/readiness");
        assertThat(text(runtime, "EXPOSE")).contains("8081");
        if (module.equals("api-service")) {
            assertThat(text(runtime, "EXPOSE")).contains("8080");
        }
    }

    @Test
    void dockerignoreKeepsWhatTheBuildNeedsAndDropsSecretsAndOutputs() {
        List<String> patterns = Repository.read(Repository.file(".dockerignore")).lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
        assertThat(patterns).noneMatch(pattern -> pattern.startsWith("!"));

        List<String> needed = new ArrayList<>(List.of("mvnw", ".mvn/wrapper/maven-wrapper.properties", "pom.xml",
                "deploy/docker/HealthCheck.java", "common/src/main/java/io/fourfold/task/TaskState.java"));
        Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(Repository.read(Repository.file("pom.xml")));
        while (modules.find()) {
            needed.add(modules.group(1) + "/pom.xml");
        }
        for (String path : needed) {
            assertThat(ignored(patterns, path)).as("%s reaches the build context", path).isFalse();
        }
        for (String path : List.of(".env", ".git/config", "api-service/target/api-service-0.1.0-SNAPSHOT-exec.jar")) {
            assertThat(ignored(patterns, path)).as("%s stays out of the build context", path).isTrue();
        }
    }

    /** Docker's rule: a pattern excludes a path it matches, and everything below a directory it matches. */
    private static boolean ignored(List<String> patterns, String path) {
        Path candidate = Path.of(path);
        for (String pattern : patterns) {
            String glob = pattern.endsWith("/") ? pattern.substring(0, pattern.length() - 1) : pattern;
            for (int depth = 1; depth <= candidate.getNameCount(); depth++) {
                Path prefix = candidate.subpath(0, depth);
                if (FileSystems.getDefault().getPathMatcher("glob:" + glob).matches(prefix)
                        || (glob.startsWith("**/") && FileSystems.getDefault().getPathMatcher("glob:" + glob.substring(3)).matches(prefix))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<List<Instruction>> stages(String module) {
        String dockerfile = Repository.read(Repository.file(module + "/Dockerfile"));
        List<List<Instruction>> stages = new ArrayList<>();
        StringBuilder logical = new StringBuilder();
        for (String line : dockerfile.lines().toList()) {
            String stripped = line.strip();
            if (stripped.startsWith("#") || (stripped.isEmpty() && logical.isEmpty())) {
                continue;
            }
            if (stripped.endsWith("\\")) {
                logical.append(stripped, 0, stripped.length() - 1).append(' ');
                continue;
            }
            logical.append(stripped);
            String[] parts = logical.toString().split("\\s+", 2);
            Instruction instruction = new Instruction(parts[0].toUpperCase(java.util.Locale.ROOT), parts.length > 1 ? parts[1] : "");
            logical.setLength(0);
            if (instruction.keyword().equals("FROM")) {
                stages.add(new ArrayList<>());
            }
            assertThat(stages).as("%s/Dockerfile starts with FROM", module).isNotEmpty();
            stages.getLast().add(instruction);
        }
        return stages;
    }

    private static String text(List<Instruction> stage, String keyword) {
        return String.join("\n", stage.stream().filter(instruction -> instruction.keyword().equals(keyword))
                .map(Instruction::arguments).toList());
    }
}
