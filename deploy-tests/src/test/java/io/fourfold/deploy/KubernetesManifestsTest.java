package io.fourfold.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.schema.validator.ValidationMessage;
import io.fabric8.kubernetes.schema.validator.ValidationReport;
import io.fabric8.kubernetes.schema.validator.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/** Every overlay renders, and what it renders is valid Kubernetes: schema for built-in kinds, required fields for CRDs. */
class KubernetesManifestsTest {

    private static final Validator SCHEMA = Validator.newInstance();

    /** Custom resources: the schema above does not know them, so they are checked field by field below. */
    private static final Set<String> CUSTOM_KINDS = Set.of("ScaledObject", "ServiceMonitor");

    /** The fields of KEDA 2.x's ScaledObject spec and triggers, so that a misspelt one fails here, not in the cluster. */
    private static final Set<String> SCALED_OBJECT_SPEC_FIELDS = Set.of("scaleTargetRef", "pollingInterval",
            "cooldownPeriod", "initialCooldownPeriod", "idleReplicaCount", "minReplicaCount", "maxReplicaCount",
            "fallback", "advanced", "triggers");
    private static final Set<String> TRIGGER_FIELDS = Set.of("type", "name", "metadata", "authenticationRef",
            "metricType", "useCachedMetrics");

    @ParameterizedTest
    @MethodSource("io.fourfold.deploy.RenderedManifests#overlays")
    void overlayRendersEveryPartOfTheDeployment(String overlay) {
        RenderedManifests rendered = RenderedManifests.of(overlay);

        assertThat(rendered.find("Namespace", "fourfold")).isPresent();
        for (String name : List.of("fourfold-api", "fourfold-worker")) {
            assertThat(rendered.find("Deployment", name)).as("Deployment %s", name).isPresent();
            assertThat(rendered.find("Service", name)).as("Service %s", name).isPresent();
            assertThat(rendered.find("PodDisruptionBudget", name)).as("PDB %s", name).isPresent();
        }
        assertThat(rendered.find("HorizontalPodAutoscaler", "fourfold-api")).isPresent();
        assertThat(rendered.find("ScaledObject", "fourfold-worker")).isPresent();
        assertThat(rendered.find("StatefulSet", "fourfold-redis")).as("the state store runs in every mode").isPresent();
        assertThat(rendered.find("NetworkPolicy", "default-deny")).isPresent();
        assertThat(rendered.ofKind("Secret")).isNotEmpty();
        assertThat(rendered.ofKind("ConfigMap")).isNotEmpty();
        assertThat(rendered.objects())
                .allSatisfy(object -> assertThat(object.get("metadata", "labels", "app.kubernetes.io/part-of").textOr(""))
                        .as("%s is labelled part of fourfold", object.path()).isEqualTo("fourfold"))
                .allSatisfy(object -> assertThat(object.get("kind").textOr("Namespace").equals("Namespace")
                        || "fourfold".equals(object.get("metadata", "namespace").textOr("")))
                        .as("%s lives in namespace fourfold", object.path())
                        .isTrue());
    }

    @Test
    void eachOverlaySelectsItsTransportAndRunsItsBroker() {
        RenderedManifests redis = RenderedManifests.of("k8s/overlays/redis");
        RenderedManifests rabbitmq = RenderedManifests.of("k8s/overlays/rabbitmq");

        assertThat(sharedConfig(redis)).containsEntry("FOURFOLD_TRANSPORT", "redis")
                .containsEntry("SPRING_DATA_REDIS_HOST", "fourfold-redis");
        assertThat(redis.find("StatefulSet", "fourfold-rabbitmq")).isEmpty();

        assertThat(sharedConfig(rabbitmq)).containsEntry("FOURFOLD_TRANSPORT", "rabbitmq")
                .containsEntry("SPRING_RABBITMQ_HOST", "fourfold-rabbitmq")
                .containsEntry("SPRING_DATA_REDIS_HOST", "fourfold-redis");
        assertThat(rabbitmq.find("StatefulSet", "fourfold-rabbitmq")).isPresent();
    }

    @ParameterizedTest
    @MethodSource("io.fourfold.deploy.RenderedManifests#overlays")
    void everyBuiltInObjectPassesTheKubernetesSchemaWithoutUnknownFields(String overlay) {
        List<String> problems = new ArrayList<>();
        for (YamlNode object : RenderedManifests.of(overlay).objects()) {
            if (CUSTOM_KINDS.contains(object.get("kind").textOr(""))) {
                continue;
            }
            assertThat(schemaKnows(object)).as("the Kubernetes schema knows %s (%s)", object.path(),
                    object.get("apiVersion").textOr("?")).isTrue();
            schemaErrors(object).forEach(error -> problems.add(object.path() + ": " + error));
        }
        assertThat(problems).as("schema errors in %s", overlay).isEmpty();
    }

    @Test
    void schemaCheckRejectsAnUnknownField() {
        YamlNode service = RenderedManifests.of("k8s/overlays/redis").find("Service", "fourfold-api").orElseThrow();
        Map<String, Object> typo = deepCopy(service);
        spec(typo).put("selectr", Map.of("app", "x"));

        assertThat(schemaErrors(YamlNode.of(typo, "typo"))).singleElement().asString().contains("selectr");
    }

    @ParameterizedTest
    @MethodSource("io.fourfold.deploy.RenderedManifests#overlays")
    void scaledObjectHasWhatKedaRequiresAndTargetsTheWorkers(String overlay) {
        RenderedManifests rendered = RenderedManifests.of(overlay);
        YamlNode scaledObject = rendered.find("ScaledObject", "fourfold-worker").orElseThrow();

        assertThat(scaledObject.get("apiVersion").textOr("")).isEqualTo("keda.sh/v1alpha1");
        assertThat(scaledObject.get("spec").entries().keySet()).as("fields of KEDA's ScaledObject spec")
                .isSubsetOf(SCALED_OBJECT_SPEC_FIELDS);
        String target = scaledObject.get("spec", "scaleTargetRef", "name").textOr("");
        assertThat(rendered.find("Deployment", target)).as("scaleTargetRef %s", target).isPresent();
        assertThat(target).isEqualTo("fourfold-worker");
        int min = Integer.parseInt(scaledObject.get("spec", "minReplicaCount").textOr("0"));
        int max = Integer.parseInt(scaledObject.get("spec", "maxReplicaCount").textOr("100"));
        assertThat(max).isGreaterThanOrEqualTo(Math.max(min, 1));

        List<YamlNode> triggers = scaledObject.get("spec", "triggers").list();
        assertThat(triggers).isNotEmpty().allSatisfy(trigger -> {
            assertThat(trigger.entries().keySet()).as("fields of a KEDA trigger").isSubsetOf(TRIGGER_FIELDS);
            assertThat(trigger.get("type").textOr("")).isEqualTo("prometheus");
            for (String field : List.of("serverAddress", "query", "threshold")) {
                assertThat(trigger.get("metadata", field).text()).as("%s.metadata.%s", trigger.path(), field).isPresent();
            }
            assertThat(Double.parseDouble(trigger.get("metadata", "threshold").textOr("0"))).isPositive();
            assertThat(trigger.get("metadata", "serverAddress").textOr("")).startsWith("http");
        });
        assertThat(triggers.stream().map(trigger -> trigger.get("metadata", "query").textOr("")))
                .anyMatch(query -> query.contains("fourfold_queue_ready"))
                .anyMatch(query -> query.contains("fourfold_queue_oldest_age_seconds"));
        assertThat(rendered.find("Deployment", target).orElseThrow().get("spec", "replicas").present())
                .as("the Deployment leaves its replica count to KEDA")
                .isFalse();
    }

    @Test
    void serviceMonitorComponentScrapesTheManagementPortOfExistingServices(@TempDir Path dir) throws IOException {
        Path root = Repository.root();
        Files.writeString(dir.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - %s
                components:
                  - %s
                """.formatted(dir.relativize(root.resolve("k8s/overlays/redis")),
                dir.relativize(root.resolve("k8s/components/prometheus-operator"))));
        RenderedManifests rendered = RenderedManifests.of(dir);

        List<YamlNode> monitors = rendered.ofKind("ServiceMonitor").toList();
        assertThat(monitors).hasSize(2).allSatisfy(monitor -> {
            assertThat(monitor.get("apiVersion").textOr("")).isEqualTo("monitoring.coreos.com/v1");
            LabelSelector selector = LabelSelector.of(monitor.get("spec", "selector"));
            List<YamlNode> services = rendered.ofKind("Service")
                    .filter(service -> selector.matches(LabelSelector.labels(service.get("metadata"))))
                    .toList();
            assertThat(services).as("Services selected by %s", monitor.path()).isNotEmpty();
            assertThat(monitor.get("spec", "endpoints").list()).isNotEmpty().allSatisfy(endpoint -> {
                assertThat(endpoint.get("path").textOr("")).isEqualTo("/actuator/prometheus");
                String port = endpoint.get("port").textOr("");
                assertThat(services).allSatisfy(service -> assertThat(service.get("spec", "ports").list())
                        .anyMatch(servicePort -> port.equals(servicePort.get("name").textOr(""))));
            });
        });
    }

    @ParameterizedTest
    @MethodSource("io.fourfold.deploy.RenderedManifests#overlays")
    void everyReferencedConfigMapAndSecretIsPartOfTheOverlay(String overlay) {
        RenderedManifests rendered = RenderedManifests.of(overlay);
        rendered.podSpecs().flatMap(pod -> pod.get("containers").list().stream()).forEach(container -> {
            for (YamlNode source : container.get("envFrom").list()) {
                source.get("configMapRef", "name").text().ifPresent(name ->
                        assertThat(rendered.find("ConfigMap", name)).as("%s ConfigMap %s", container.path(), name).isPresent());
                source.get("secretRef", "name").text().ifPresent(name ->
                        assertThat(rendered.find("Secret", name)).as("%s Secret %s", container.path(), name).isPresent());
            }
            for (YamlNode variable : container.get("env").list()) {
                YamlNode secretKey = variable.get("valueFrom", "secretKeyRef");
                secretKey.get("name").text().ifPresent(name -> {
                    YamlNode secret = rendered.find("Secret", name).orElseThrow(
                            () -> new AssertionError(variable.path() + " names a missing Secret " + name));
                    assertThat(secret.get("stringData").entries()).containsKey(secretKey.get("key").textOr(""));
                });
            }
        });
    }

    @ParameterizedTest
    @MethodSource("io.fourfold.deploy.RenderedManifests#overlays")
    void servicesTargetNamedContainerPortsOfThePodsTheySelect(String overlay) {
        RenderedManifests rendered = RenderedManifests.of(overlay);
        rendered.ofKind("Service").forEach(service -> {
            LabelSelector selector = new LabelSelector(LabelSelector.strings(service.get("spec", "selector")), List.of());
            List<YamlNode> pods = Stream.of("Deployment", "StatefulSet").flatMap(rendered::ofKind)
                    .map(workload -> workload.get("spec", "template"))
                    .filter(template -> selector.matches(LabelSelector.labels(template.get("metadata"))))
                    .toList();
            assertThat(pods).as("pods behind %s", service.path()).isNotEmpty();
            for (YamlNode port : service.get("spec", "ports").list()) {
                String target = port.get("targetPort").textOr("");
                assertThat(pods).allSatisfy(pod -> assertThat(pod.get("spec", "containers").list().stream()
                        .flatMap(container -> container.get("ports").list().stream())
                        .map(containerPort -> containerPort.get("name").textOr("")))
                        .as("%s targetPort %s", port.path(), target)
                        .contains(target));
            }
        });
    }

    static Map<String, String> sharedConfig(RenderedManifests rendered) {
        YamlNode deployment = rendered.find("Deployment", "fourfold-worker").orElseThrow();
        Map<String, String> config = new LinkedHashMap<>();
        for (YamlNode source : deployment.get("spec", "template", "spec", "containers").list().getFirst().get("envFrom").list()) {
            source.get("configMapRef", "name").text().flatMap(name -> rendered.find("ConfigMap", name))
                    .ifPresent(configMap -> configMap.get("data").entries()
                            .forEach((key, value) -> config.put(key, value.textOr(""))));
        }
        return config;
    }

    private static boolean schemaKnows(YamlNode object) {
        Map<String, Object> probe = deepCopy(object);
        probe.put("fourfoldSchemaProbe", true);
        return !schemaErrors(YamlNode.of(probe, "probe")).isEmpty();
    }

    /**
     * The schema's errors, less one false positive: the bundled schema types IntOrString as a string only, so it
     * flags NetworkPolicy port numbers and numeric targetPorts that Kubernetes accepts. Probe ports are held to
     * names by {@link WorkloadPolicyTest} instead.
     */
    static List<String> schemaErrors(YamlNode object) {
        Map<String, Object> document = deepCopy(object);
        document.put("apiVersion", schemaApiVersion(object.get("apiVersion").textOr("")));
        ValidationReport report;
        try {
            report = SCHEMA.validate(new Yaml().dump(document));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return report.getMessages().stream()
                .filter(message -> message.getLevel() == ValidationMessage.Level.ERROR)
                .map(message -> message.getSchema() + " " + message.getMessage())
                .filter(error -> !(error.contains("IntOrString") && error.contains("Instance type (integer)")))
                .toList();
    }

    /**
     * The validator finds a kind's schema from its apiVersion but maps {@code networking.k8s.io/v1} to a name its
     * bundled schema does not have, and then silently checks nothing; {@code networking/v1} finds
     * {@code io.k8s.api.networking.v1}. Every {@code *.k8s.io} group is named that way.
     */
    private static String schemaApiVersion(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        if (slash < 0 || !apiVersion.substring(0, slash).endsWith(".k8s.io")) {
            return apiVersion;
        }
        return apiVersion.substring(0, apiVersion.indexOf('.')) + apiVersion.substring(slash);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(YamlNode object) {
        Yaml yaml = new Yaml();
        return (Map<String, Object>) yaml.load(yaml.dump(object.value()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(Map<String, Object> object) {
        return (Map<String, Object>) object.get("spec");
    }
}
