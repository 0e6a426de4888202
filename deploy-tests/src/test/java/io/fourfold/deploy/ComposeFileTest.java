package io.fourfold.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docker-compose.yml starts in order, pins its images, builds from files that exist and keeps secrets out. */
class ComposeFileTest {

    /** The Compose Specification's service attributes this file may use; a misspelt one would be ignored or refused. */
    private static final Set<String> SERVICE_ATTRIBUTES = Set.of("build", "image", "command", "entrypoint", "environment",
            "env_file", "volumes", "ports", "expose", "healthcheck", "depends_on", "deploy", "profiles", "restart",
            "stop_grace_period", "stop_signal", "secrets", "configs", "networks", "user", "read_only", "tmpfs",
            "cap_drop", "security_opt", "labels", "logging", "ulimits", "init");

    private static YamlNode compose;
    private static Map<String, YamlNode> services;

    @BeforeAll
    static void parse() {
        List<Map<String, Object>> documents = Repository.yamlDocuments(Repository.read(Repository.file("docker-compose.yml")));
        assertThat(documents).hasSize(1);
        compose = YamlNode.of(documents.getFirst(), "docker-compose.yml");
        services = compose.get("services").entries();
    }

    @Test
    void runsTheWholePlatform() {
        assertThat(services).containsKeys("redis", "rabbitmq", "api", "worker", "prometheus", "grafana");
        assertThat(services.get("worker").get("deploy", "replicas").textOr("1")).isEqualTo("3");
        assertThat(services.get("rabbitmq").get("profiles").list()).extracting(profile -> profile.textOr(""))
                .containsExactly("rabbitmq");
    }

    @Test
    void servicesUseOnlyKnownComposeAttributes() {
        services.forEach((name, service) -> assertThat(service.entries().keySet())
                .as("attributes of service %s", name).isSubsetOf(SERVICE_ATTRIBUTES));
        assertThat(compose.entries().keySet()).isSubsetOf("name", "services", "volumes", "networks", "secrets", "configs",
                "x-fourfold-env", "x-java-healthcheck");
    }

    @Test
    void everyServiceHasAHealthcheck() {
        services.forEach((name, service) -> {
            YamlNode test = service.get("healthcheck", "test");
            assertThat(test.list()).as("%s.healthcheck.test", name).isNotEmpty();
            assertThat(test.list().getFirst().textOr("")).as("%s.healthcheck.test", name).isIn("CMD", "CMD-SHELL");
            assertThat(service.get("healthcheck", "disable").textOr("false")).isEqualTo("false");
        });
    }

    @Test
    void servicesWaitForHealthyDependencies() {
        services.forEach((name, service) -> service.get("depends_on").entries().forEach((dependency, condition) -> {
            assertThat(services).as("%s depends on %s", name, dependency).containsKey(dependency);
            assertThat(condition.get("condition").textOr("")).as("%s.depends_on.%s.condition", name, dependency)
                    .isEqualTo("service_healthy");
        }));
        assertThat(services.get("api").get("depends_on").entries()).containsKeys("redis", "rabbitmq");
        assertThat(services.get("worker").get("depends_on").entries()).containsKeys("redis", "rabbitmq");
        // RabbitMQ runs only with its profile, so the services must not insist on it.
        for (String name : List.of("api", "worker")) {
            assertThat(services.get(name).get("depends_on", "rabbitmq", "required").textOr("")).isEqualTo("false");
        }
    }

    @Test
    void everyBuildNamesAContextAndDockerfileThatExist() {
        List<String> built = new ArrayList<>();
        services.forEach((name, service) -> {
            YamlNode build = service.get("build");
            if (!build.present()) {
                return;
            }
            built.add(name);
            Path context = Repository.root().resolve(build.get("context").textOr(build.textOr("."))).normalize();
            assertThat(context).as("%s build context", name).isDirectory();
            Path dockerfile = context.resolve(build.get("dockerfile").textOr("Dockerfile"));
            assertThat(dockerfile).as("%s Dockerfile", name).isRegularFile();
            assertThat(Files.isRegularFile(context.resolve("mvnw"))).as("%s: the context holds the Maven wrapper", name).isTrue();
        });
        assertThat(built).containsExactlyInAnyOrder("api", "worker");
    }

    @Test
    void everyImageIsPinned() {
        services.forEach((name, service) -> assertThat(ImageReference.problem(service.get("image").textOr("")))
                .as("%s.image", name).isEmpty());
    }

    @Test
    void publishedHostPortsDoNotClashAndReplicatedServicesPublishNone() {
        Map<String, String> owners = new HashMap<>();
        services.forEach((name, service) -> {
            int replicas = Integer.parseInt(service.get("deploy", "replicas").textOr("1"));
            for (YamlNode port : service.get("ports").list()) {
                String hostPort = hostPort(port);
                if (hostPort.isEmpty()) {
                    continue;
                }
                assertThat(replicas).as("%s has %d replicas and cannot publish host port %s", name, replicas, hostPort).isEqualTo(1);
                String previous = owners.put(hostPort, name);
                assertThat(previous).as("host port %s is published by %s and %s", hostPort, previous, name).isNull();
            }
        });
        assertThat(owners).containsEntry("8080", "api");
    }

    @Test
    void mountedConfigFilesExist() {
        services.forEach((name, service) -> service.get("volumes").list().forEach(volume -> {
            String source = volume.textOr(volume.get("source").textOr("")).split(":")[0];
            if (source.startsWith("./")) {
                assertThat(Repository.root().resolve(source)).as("%s mounts %s", name, source).exists();
            }
        }));
    }

    @Test
    void redisKeepsAnAppendOnlyFileAndNeverEvicts() {
        String command = String.join(" ", services.get("redis").get("command").list().stream().map(part -> part.textOr("")).toList());
        assertThat(command).contains("--appendonly yes").contains("--appendfsync everysec")
                .contains("--maxmemory-policy noeviction");
    }

    @Test
    void workersGetMoreTimeToStopThanTheirDrainTimeout() {
        YamlNode worker = services.get("worker");
        var drain = WorkloadPolicyTest.springDuration(worker.get("environment", "FOURFOLD_WORKER_DRAIN_TIMEOUT").textOr("30s"));
        var grace = WorkloadPolicyTest.springDuration(worker.get("stop_grace_period").textOr("10s"));
        assertThat(grace).isGreaterThanOrEqualTo(drain.plusSeconds(10));
    }

    @Test
    void secretsComeFromTheEnvironmentAndTheTransportFromOneVariable() {
        Pattern literalSecret = Pattern.compile("(?i)(PASSWORD|PASS|API_KEYS?|SECRET)$");
        services.forEach((name, service) -> service.get("environment").entries().forEach((key, value) -> {
            if (literalSecret.matcher(key).find()) {
                assertThat(value.textOr("")).as("%s.environment.%s comes from .env", name, key).matches("\\$\\{[A-Z_]+:\\?.+}");
            }
        }));
        for (String name : List.of("api", "worker")) {
            assertThat(services.get(name).get("environment").entries())
                    .containsKeys("SPRING_DATA_REDIS_PASSWORD", "SPRING_RABBITMQ_PASSWORD").doesNotContainKey("<<");
            assertThat(services.get(name).get("environment", "FOURFOLD_TRANSPORT").textOr(""))
                    .isEqualTo("${FOURFOLD_TRANSPORT:-redis}");
        }
        Set<String> example = envKeys(Repository.read(Repository.file(".env.example")));
        Matcher variables = Pattern.compile("\\$\\{([A-Z_]+):\\?").matcher(Repository.read(Repository.file("docker-compose.yml")));
        while (variables.find()) {
            assertThat(example).as(".env.example sets the required %s", variables.group(1)).contains(variables.group(1));
        }
        assertThat(Repository.read(Repository.file(".gitignore")).lines()).as(".env stays out of git").contains(".env");
    }

    @Test
    void prometheusScrapesTheManagementPortOfBothServices() {
        YamlNode prometheus = YamlNode.of(Repository.yamlDocuments(Repository.read(
                Repository.file("deploy/prometheus/prometheus.yml"))).getFirst(), "prometheus.yml");
        List<YamlNode> jobs = prometheus.get("scrape_configs").list();
        assertThat(jobs).extracting(job -> job.get("metrics_path").textOr("")).containsOnly("/actuator/prometheus");
        String targets = jobs.toString();
        assertThat(targets).contains("api:8081").contains("names=[worker]").contains("port=8081");
        assertThat(prometheus.get("rule_files").list()).extracting(file -> file.textOr("")).containsExactly("alerts.yml");
        assertThat(services.get("prometheus").get("volumes").list()).extracting(volume -> volume.textOr(""))
                .contains("./deploy/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro");
    }

    @Test
    void grafanaIsProvisionedWithPrometheusAndTheDashboardFolderItMounts() {
        YamlNode datasources = YamlNode.of(Repository.yamlDocuments(Repository.read(
                Repository.file("deploy/grafana/provisioning/datasources/prometheus.yml"))).getFirst(), "datasources");
        assertThat(datasources.get("datasources").list()).singleElement().satisfies(datasource -> {
            assertThat(datasource.get("type").textOr("")).isEqualTo("prometheus");
            assertThat(datasource.get("url").textOr("")).isEqualTo("http://prometheus:9090");
        });
        YamlNode dashboards = YamlNode.of(Repository.yamlDocuments(Repository.read(
                Repository.file("deploy/grafana/provisioning/dashboards/fourfold.yml"))).getFirst(), "dashboards");
        String folder = dashboards.get("providers").list().getFirst().get("options", "path").textOr("");
        assertThat(services.get("grafana").get("volumes").list()).extracting(volume -> volume.textOr(""))
                .contains("./deploy/grafana/dashboards:" + folder + ":ro");
        assertThat(Repository.file("deploy/grafana/dashboards/fourfold.json")).isRegularFile();
    }

    private static String hostPort(YamlNode port) {
        if (port.get("published").present()) {
            return port.get("published").textOr("");
        }
        String[] parts = port.textOr("").split(":");
        return switch (parts.length) {
            case 1 -> "";
            case 2 -> parts[0];
            default -> parts[parts.length - 2];
        };
    }

    private static Set<String> envKeys(String dotenv) {
        Set<String> keys = new java.util.HashSet<>();
        dotenv.lines().map(String::strip).filter(line -> !line.startsWith("#") && line.contains("="))
                .forEach(line -> keys.add(line.substring(0, line.indexOf('='))));
        return keys;
    }
}
