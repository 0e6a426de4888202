package io.fourfold.deploy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Read-only navigation through parsed YAML; a missing key gives an absent node instead of a null check. */
record YamlNode(@Nullable Object value, String path) {

    static YamlNode of(Object value, String name) {
        return new YamlNode(value, name);
    }

    YamlNode get(String key) {
        Object child = value instanceof Map<?, ?> map ? map.get(key) : null;
        return new YamlNode(child, path + "." + key);
    }

    YamlNode get(String... keys) {
        YamlNode node = this;
        for (String key : keys) {
            node = node.get(key);
        }
        return node;
    }

    boolean present() {
        return value != null;
    }

    List<YamlNode> list() {
        if (!(value instanceof List<?> items)) {
            return List.of();
        }
        return java.util.stream.IntStream.range(0, items.size())
                .mapToObj(i -> new YamlNode(items.get(i), path + "[" + i + "]"))
                .toList();
    }

    /** The keys and values of a mapping, in file order. */
    Map<String, YamlNode> entries() {
        if (!(value instanceof Map<?, ?> map)) {
            return Map.of();
        }
        Map<String, YamlNode> entries = new java.util.LinkedHashMap<>();
        map.forEach((key, child) -> entries.put(String.valueOf(key), new YamlNode(child, path + "." + key)));
        return entries;
    }

    Optional<String> text() {
        return value == null || value instanceof Map || value instanceof List
                ? Optional.empty()
                : Optional.of(String.valueOf(value));
    }

    String textOr(String fallback) {
        return text().orElse(fallback);
    }

    @Override
    public String toString() {
        return path + "=" + value;
    }
}
