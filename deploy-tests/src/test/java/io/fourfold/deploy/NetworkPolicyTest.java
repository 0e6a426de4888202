package io.fourfold.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The NetworkPolicies do what ARCHITECTURE.md "Decisions for the deployment" says, evaluated on the rendered objects. */
class NetworkPolicyTest {

    private static final Map<String, String> MONITORING = Map.of("kubernetes.io/metadata.name", "monitoring");
    private static final Map<String, String> KUBE_SYSTEM = Map.of("kubernetes.io/metadata.name", "kube-system");

    @ParameterizedTest
    @MethodSource("io.fourfold.deploy.RenderedManifests#overlays")
    void everythingNotAllowedIsDenied(String overlay) {
        YamlNode deny = RenderedManifests.of(overlay).find("NetworkPolicy", "default-deny").orElseThrow();

        assertThat(deny.get("spec", "podSelector").entries()).isEmpty();
        assertThat(deny.get("spec", "policyTypes").list()).extracting(type -> type.textOr("")).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(deny.get("spec", "ingress").list()).isEmpty();
        assertThat(deny.get("spec", "egress").list()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("io.fourfold.deploy.RenderedManifests#overlays")
    void onlyTheApiTakesIngressFromOutsideAndPrometheusOnlyReachesMetricsPorts(String overlay) {
        RenderedManifests rendered = RenderedManifests.of(overlay);
        rendered.ofKind("NetworkPolicy").forEach(policy -> {
            List<String> selected = selectedWorkloads(rendered, policy);
            for (YamlNode rule : policy.get("spec", "ingress").list()) {
                List<YamlNode> peers = rule.get("from").list();
                Set<String> ports = ports(rule);
                if (peers.isEmpty() || peers.stream().anyMatch(peer -> peer.get("ipBlock").present())) {
                    assertThat(selected).as("%s admits any source: only the api may", rule.path()).containsExactly("fourfold-api");
                    assertThat(ports).as("%s: the api's HTTP port only", rule.path()).containsExactly("http");
                } else if (peers.stream().anyMatch(peer -> peer.get("namespaceSelector").present())) {
                    assertThat(peers).as("%s: the only other namespace let in is monitoring", rule.path())
                            .allSatisfy(peer -> assertThat(selectorLabels(peer.get("namespaceSelector"))).isEqualTo(MONITORING));
                    assertThat(ports).as("%s: Prometheus reaches metrics ports only", rule.path()).isNotEmpty()
                            .isSubsetOf("management", "metrics");
                }
            }
        });
    }

    @ParameterizedTest
    @MethodSource("io.fourfold.deploy.RenderedManifests#overlays")
    void prometheusReachesTheManagementPortOfBothServices(String overlay) {
        RenderedManifests rendered = RenderedManifests.of(overlay);
        for (String workload : List.of("fourfold-api", "fourfold-worker")) {
            assertThat(ingressRulesFor(rendered, workload))
                    .as("an ingress rule lets the monitoring namespace reach %s:management", workload)
                    .anyMatch(rule -> ports(rule).contains("management") && rule.get("from").list().stream()
                            .anyMatch(peer -> MONITORING.equals(selectorLabels(peer.get("namespaceSelector")))));
        }
    }

    @ParameterizedTest
    @MethodSource("io.fourfold.deploy.RenderedManifests#overlays")
    void workersReachOnlyDnsTheBackendsTelemetryAndTheirAllowList(String overlay) {
        RenderedManifests rendered = RenderedManifests.of(overlay);
        List<YamlNode> egress = egressRulesFor(rendered, "fourfold-worker");

        assertThat(egress).isNotEmpty().allSatisfy(rule -> {
            assertThat(rule.get("to").list()).as("%s names its destinations", rule.path()).isNotEmpty();
            assertThat(rule.get("to").list()).allSatisfy(peer -> {
                boolean dns = KUBE_SYSTEM.equals(selectorLabels(peer.get("namespaceSelector")))
                        && ports(rule).equals(Set.of("53"));
                boolean backends = !peer.get("namespaceSelector").present()
                        && "true".equals(peer.get("podSelector", "matchLabels", "fourfold.io/backend").textOr(""));
                boolean telemetry = MONITORING.equals(selectorLabels(peer.get("namespaceSelector")));
                boolean allowList = peer.get("ipBlock", "cidr").present()
                        && !peer.get("ipBlock", "cidr").textOr("").equals("0.0.0.0/0");
                assertThat(dns || backends || telemetry || allowList).as("%s is DNS, a backend, telemetry or the allow-list", peer.path()).isTrue();
            });
        });
    }

    @ParameterizedTest
    @MethodSource("io.fourfold.deploy.RenderedManifests#overlays")
    void apiAndWorkersReachEveryBrokerOfTheOverlayAndOnlyThey(String overlay) {
        RenderedManifests rendered = RenderedManifests.of(overlay);
        List<YamlNode> brokers = rendered.ofKind("StatefulSet").toList();
        assertThat(brokers).isNotEmpty();
        for (YamlNode broker : brokers) {
            YamlNode template = broker.get("spec", "template");
            String name = broker.get("metadata", "name").textOr("");
            Map<String, String> labels = LabelSelector.labels(template.get("metadata"));
            String port = template.get("spec", "containers").list().getFirst().get("ports").list().getFirst()
                    .get("containerPort").textOr("");
            for (String client : List.of("fourfold-api", "fourfold-worker")) {
                assertThat(egressRulesFor(rendered, client)).as("%s may connect to %s:%s", client, name, port)
                        .anyMatch(rule -> ports(rule).contains(port) && rule.get("to").list().stream()
                                .anyMatch(peer -> !peer.get("namespaceSelector").present()
                                        && LabelSelector.of(peer.get("podSelector")).matches(labels)));
            }
            List<YamlNode> ingress = ingressRulesFor(rendered, name);
            assertThat(ingress).as("%s takes connections from the api and the workers", name).isNotEmpty();
            assertThat(ingress.stream().flatMap(rule -> rule.get("from").list().stream())
                    .filter(peer -> !peer.get("namespaceSelector").present()))
                    .allSatisfy(peer -> assertThat(Stream.of("fourfold-api", "fourfold-worker", "other")
                            .filter(workload -> LabelSelector.of(peer.get("podSelector")).matches(Map.of("app.kubernetes.io/name", workload))))
                            .containsExactlyInAnyOrder("fourfold-api", "fourfold-worker"));
        }
    }

    private static List<String> selectedWorkloads(RenderedManifests rendered, YamlNode policy) {
        LabelSelector selector = LabelSelector.of(policy.get("spec", "podSelector"));
        return Stream.of("Deployment", "StatefulSet").flatMap(rendered::ofKind)
                .filter(workload -> selector.matches(LabelSelector.labels(workload.get("spec", "template", "metadata"))))
                .map(workload -> workload.get("metadata", "name").textOr(""))
                .toList();
    }

    private static List<YamlNode> ingressRulesFor(RenderedManifests rendered, String workload) {
        return rendered.ofKind("NetworkPolicy")
                .filter(policy -> selectedWorkloads(rendered, policy).contains(workload))
                .flatMap(policy -> policy.get("spec", "ingress").list().stream())
                .toList();
    }

    private static List<YamlNode> egressRulesFor(RenderedManifests rendered, String workload) {
        return rendered.ofKind("NetworkPolicy")
                .filter(policy -> selectedWorkloads(rendered, policy).contains(workload))
                .flatMap(policy -> policy.get("spec", "egress").list().stream())
                .toList();
    }

    private static Set<String> ports(YamlNode rule) {
        return rule.get("ports").list().stream()
                .map(port -> port.get("port").textOr(""))
                .collect(java.util.stream.Collectors.toSet());
    }

    private static Map<String, String> selectorLabels(YamlNode selector) {
        return selector.present() ? LabelSelector.of(selector).matchLabels() : Map.of();
    }
}
