package io.fourfold.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** What {@code kubectl kustomize} makes of a kustomization: the objects a user's {@code kubectl apply -k} sends. */
record RenderedManifests(String source, String yaml, List<YamlNode> objects) {

    /** The overlays users apply, as documented: {@code kubectl apply -k k8s/overlays/<name>}. */
    static final List<String> OVERLAYS = List.of("k8s/overlays/redis", "k8s/overlays/rabbitmq");

    private static final Map<Path, RenderedManifests> RENDERED = new ConcurrentHashMap<>();

    static Stream<String> overlays() {
        return OVERLAYS.stream();
    }

    static RenderedManifests of(String kustomization) {
        return of(Repository.file(kustomization));
    }

    static RenderedManifests of(Path kustomization) {
        return RENDERED.computeIfAbsent(kustomization.toAbsolutePath().normalize(), dir -> {
            ExternalProgram.Result result = ExternalProgram.KUBECTL.run(Repository.root(), "kustomize", dir.toString());
            assertThat(result.exitCode()).as("kubectl kustomize %s:%n%s", dir, result.output()).isZero();
            List<YamlNode> objects = Repository.yamlDocuments(result.output()).stream()
                    .map(document -> YamlNode.of(document, kindAndName(document)))
                    .toList();
            return new RenderedManifests(Repository.root().relativize(dir).toString(), result.output(), objects);
        });
    }

    private static String kindAndName(Map<String, Object> document) {
        Object metadata = document.get("metadata");
        Object name = metadata instanceof Map<?, ?> map ? map.get("name") : null;
        return document.get("kind") + "/" + name;
    }

    Stream<YamlNode> ofKind(String kind) {
        return objects.stream().filter(object -> kind.equals(object.get("kind").textOr("")));
    }

    Optional<YamlNode> find(String kind, String name) {
        return ofKind(kind).filter(object -> name.equals(object.get("metadata", "name").textOr(""))).findFirst();
    }

    /** The pod templates of every workload, each with the object it comes from. */
    Stream<YamlNode> podSpecs() {
        return Stream.of("Deployment", "StatefulSet", "DaemonSet", "Job")
                .flatMap(this::ofKind)
                .map(workload -> workload.get("spec", "template", "spec"));
    }

    Stream<YamlNode> containers() {
        return podSpecs().flatMap(pod -> Stream.concat(pod.get("initContainers").list().stream(),
                pod.get("containers").list().stream()));
    }

    @Override
    public String toString() {
        return source;
    }
}
