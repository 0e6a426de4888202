package io.fourfold.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The rules every workload in every overlay follows, checked on what kubectl would apply. */
class WorkloadPolicyTest {

    @ParameterizedTest
    @MethodSource("io.fourfold.deploy.RenderedManifests#overlays")
    void everyContainerHasRequestsAndLimits(String overlay) {
        assertThat(RenderedManifests.of(overlay).containers()).isNotEmpty().allSatisfy(container -> {
            for (String kind : List.of("requests", "limits")) {
                for (String resource : List.of("cpu", "memory")) {
                    assertThat(container.get("resources", kind, resource).text())
                            .as("%s.resources.%s.%s", container.path(), kind, resource).isPresent();
                }
            }
        });
    }

    @ParameterizedTest
    @MethodSource("io.fourfold.deploy.RenderedManifests#overlays")
    void everyContainerHasLivenessAndReadinessProbesOnNamedPorts(String overlay) {
        assertThat(RenderedManifests.of(overlay).containers()).allSatisfy(container -> {
            Set<String> portNames = container.get("ports").list().stream()
                    .map(port -> port.get("name").textOr("")).collect(Collectors.toSet());
            for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                YamlNode node = container.get(probe);
                if (!probe.equals("startupProbe")) {
                    assertThat(node.present()).as("%s.%s", container.path(), probe).isTrue();
                }
                for (String action : List.of("httpGet", "tcpSocket", "grpc")) {
                    node.get(action, "port").text().ifPresent(port -> assertThat(portNames)
                            .as("%s.%s.%s.port names a declared container port", container.path(), probe, action)
                            .contains(port));
                }
            }
        });
    }

    @ParameterizedTest
    @MethodSource("io.fourfold.deploy.RenderedManifests#overlays")
    void fourfoldServicesProbeTheActuatorHealthGroups(String overlay) {
        RenderedManifests rendered = RenderedManifests.of(overlay);
        for (String name : List.of("fourfold-api", "fourfold-worker")) {
            YamlNode container = mainContainer(rendered, name);
            assertThat(container.get("livenessProbe", "httpGet", "path").textOr("")).isEqualTo("/actuator/health/liveness");
            assertThat(container.get("readinessProbe", "httpGet", "path").textOr("")).isEqualTo("/actuator/health/readiness");
            assertThat(container.get("livenessProbe", "httpGet", "port").textOr("")).isEqualTo("management");
            assertThat(container.get("readinessProbe", "httpGet", "port").textOr("")).isEqualTo("management");
        }
        assertThat(mainContainer(rendered, "fourfold-api").get("ports").list())
                .extracting(port -> port.get("name").textOr("") + ":" + port.get("containerPort").textOr(""))
                .containsExactlyInAnyOrder("http:8080", "management:8081");
        assertThat(mainContainer(rendered, "fourfold-worker").get("ports").list())
                .extracting(port -> port.get("name").textOr("") + ":" + port.get("containerPort").textOr(""))
                .containsExactly("management:8081");
    }

    @ParameterizedTest
    @MethodSource("io.fourfold.deploy.RenderedManifests#overlays")
    void everyContainerRunsLockedDown(String overlay) {
        RenderedManifests rendered = RenderedManifests.of(overlay);
        rendered.podSpecs().forEach(pod -> {
            YamlNode podSecurity = pod.get("securityContext");
            assertThat(pod.get("containers").list()).allSatisfy(container -> {
                YamlNode security = container.get("securityContext");
                assertThat(effective(security, podSecurity, "runAsNonRoot")).as("%s runAsNonRoot", container.path()).isEqualTo("true");
                assertThat(security.get("readOnlyRootFilesystem").textOr("")).as("%s readOnlyRootFilesystem", container.path()).isEqualTo("true");
                assertThat(security.get("allowPrivilegeEscalation").textOr("")).as("%s allowPrivilegeEscalation", container.path()).isEqualTo("false");
                assertThat(security.get("capabilities", "drop").list()).extracting(drop -> drop.textOr(""))
                        .as("%s capabilities.drop", container.path()).contains("ALL");
                assertThat(security.get("capabilities", "add").list()).as("%s capabilities.add", container.path()).isEmpty();
                String seccomp = security.get("seccompProfile", "type").text()
                        .orElse(podSecurity.get("seccompProfile", "type").textOr(""));
                assertThat(seccomp).as("%s seccompProfile", container.path()).isEqualTo("RuntimeDefault");
                assertThat(security.get("privileged").textOr("false")).isEqualTo("false");
            });
            assertThat(pod.get("automountServiceAccountToken").textOr("")).as("%s automountServiceAccountToken", pod.path()).isEqualTo("false");
        });
    }

    @ParameterizedTest
    @MethodSource("io.fourfold.deploy.RenderedManifests#overlays")
    void aReadOnlyRootFilesystemComesWithAWritableTmp(String overlay) {
        RenderedManifests rendered = RenderedManifests.of(overlay);
        rendered.podSpecs().forEach(pod -> {
            Set<String> emptyDirs = pod.get("volumes").list().stream()
                    .filter(volume -> volume.get("emptyDir").present())
                    .map(volume -> volume.get("name").textOr(""))
                    .collect(Collectors.toSet());
            assertThat(pod.get("containers").list()).allSatisfy(container -> assertThat(container.get("volumeMounts").list())
                    .as("%s mounts an emptyDir at /tmp", container.path())
                    .anyMatch(mount -> "/tmp".equals(mount.get("mountPath").textOr(""))
                            && emptyDirs.contains(mount.get("name").textOr(""))));
        });
    }

    @ParameterizedTest
    @MethodSource("io.fourfold.deploy.RenderedManifests#overlays")
    void everyImageIsPinnedToATag(String overlay) {
        assertThat(RenderedManifests.of(overlay).containers()).allSatisfy(container ->
                assertThat(ImageReference.problem(container.get("image").textOr("")))
                        .as("%s.image", container.path()).isEmpty());
    }

    @ParameterizedTest
    @MethodSource("io.fourfold.deploy.RenderedManifests#overlays")
    void workersGetMoreTimeToStopThanTheirDrainTimeout(String overlay) {
        RenderedManifests rendered = RenderedManifests.of(overlay);
        YamlNode pod = rendered.find("Deployment", "fourfold-worker").orElseThrow().get("spec", "template", "spec");
        Map<String, String> config = KubernetesManifestsTest.sharedConfig(rendered);
        Duration drain = springDuration(config.getOrDefault("FOURFOLD_WORKER_DRAIN_TIMEOUT", "30s"));
        long grace = Long.parseLong(pod.get("terminationGracePeriodSeconds").textOr("30"));

        assertThat(config).containsKey("FOURFOLD_WORKER_DRAIN_TIMEOUT");
        assertThat(Duration.ofSeconds(grace)).as("terminationGracePeriodSeconds vs drain timeout %s", drain)
                .isGreaterThanOrEqualTo(drain.plusSeconds(10));
    }

    @ParameterizedTest
    @MethodSource("io.fourfold.deploy.RenderedManifests#overlays")
    void replicasSpreadOverZonesAndNodes(String overlay) {
        RenderedManifests rendered = RenderedManifests.of(overlay);
        for (String name : List.of("fourfold-api", "fourfold-worker")) {
            YamlNode template = rendered.find("Deployment", name).orElseThrow().get("spec", "template");
            List<YamlNode> constraints = template.get("spec", "topologySpreadConstraints").list();
            assertThat(constraints).extracting(constraint -> constraint.get("topologyKey").textOr(""))
                    .contains("topology.kubernetes.io/zone", "kubernetes.io/hostname");
            assertThat(constraints).allSatisfy(constraint -> assertThat(LabelSelector.of(constraint.get("labelSelector"))
                    .matches(LabelSelector.labels(template.get("metadata")))).isTrue());
        }
    }

    @ParameterizedTest
    @MethodSource("io.fourfold.deploy.RenderedManifests#overlays")
    void disruptionBudgetsAndTheHpaCoverTheServices(String overlay) {
        RenderedManifests rendered = RenderedManifests.of(overlay);
        for (String name : List.of("fourfold-api", "fourfold-worker")) {
            YamlNode budget = rendered.find("PodDisruptionBudget", name).orElseThrow();
            YamlNode template = rendered.find("Deployment", name).orElseThrow().get("spec", "template");
            assertThat(LabelSelector.of(budget.get("spec", "selector")).matches(LabelSelector.labels(template.get("metadata"))))
                    .as("%s selects the %s pods", budget.path(), name).isTrue();
        }
        YamlNode hpa = rendered.find("HorizontalPodAutoscaler", "fourfold-api").orElseThrow();
        assertThat(hpa.get("spec", "scaleTargetRef", "name").textOr("")).isEqualTo("fourfold-api");
        assertThat(hpa.get("spec", "metrics").list()).anyMatch(metric -> "cpu".equals(metric.get("resource", "name").textOr("")));
        assertThat(rendered.find("Deployment", "fourfold-api").orElseThrow().get("spec", "replicas").present())
                .as("the api Deployment leaves its replica count to the HPA").isFalse();
    }

    @ParameterizedTest
    @MethodSource("io.fourfold.deploy.RenderedManifests#overlays")
    void committedSecretsHoldOnlyMarkedPlaceholders(String overlay) {
        RenderedManifests rendered = RenderedManifests.of(overlay);
        assertThat(rendered.ofKind("Secret")).allSatisfy(secret -> {
            assertThat(secret.get("data").entries()).as("%s uses stringData, readable as a template", secret.path()).isEmpty();
            secret.get("stringData").entries().forEach((key, value) -> {
                if (key.contains("PASSWORD") || key.contains("KEY")) {
                    assertThat(value.textOr("")).as("%s.%s", secret.path(), key).startsWith("CHANGE-ME");
                }
            });
        });
    }

    private static YamlNode mainContainer(RenderedManifests rendered, String deployment) {
        return rendered.find("Deployment", deployment).orElseThrow().get("spec", "template", "spec", "containers").list().getFirst();
    }

    private static String effective(YamlNode container, YamlNode pod, String field) {
        return container.get(field).text().orElse(pod.get(field).textOr(""));
    }

    /** Spring Boot's duration format: ISO-8601 or a number with a unit (30s, 500ms, 2m); a bare number is millis. */
    static Duration springDuration(String text) {
        if (text.startsWith("P") || text.startsWith("p")) {
            return Duration.parse(text);
        }
        var matcher = java.util.regex.Pattern.compile("(\\d+)(ns|us|ms|s|m|h|d)?").matcher(text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "ms" : matcher.group(2);
        return switch (unit) {
            case "ns" -> Duration.ofNanos(amount);
            case "us" -> Duration.ofNanos(amount * 1000);
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }
}
