package io.fourfold.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The repository under test, found from the module directory Maven runs the tests in. */
final class Repository {

    private Repository() {
    }

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isDirectory(dir.resolve("k8s"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no repository root (docker-compose.yml and k8s/) above " + Path.of("").toAbsolutePath());
    }

    static Path file(String relative) {
        return root().resolve(relative);
    }

    static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every YAML document in the text, as plain maps; empty documents are dropped. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> yamlDocuments(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return java.util.stream.StreamSupport.stream(new Yaml(options).loadAll(text).spliterator(), false)
                .filter(java.util.Objects::nonNull)
                .map(document -> (Map<String, Object>) document)
                .toList();
    }
}
