package io.fourfold.deploy;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A Kubernetes label selector (matchLabels and matchExpressions), evaluated the way the API server does. */
record LabelSelector(Map<String, String> matchLabels, List<YamlNode> matchExpressions) {

    static LabelSelector of(YamlNode selector) {
        return new LabelSelector(strings(selector.get("matchLabels")), selector.get("matchExpressions").list());
    }

    /** An empty selector matches everything, as in a NetworkPolicy's {@code podSelector: {}}. */
    boolean matches(Map<String, String> labels) {
        boolean labelsMatch = matchLabels.entrySet().stream()
                .allMatch(entry -> entry.getValue().equals(labels.get(entry.getKey())));
        return labelsMatch && matchExpressions.stream().allMatch(expression -> matches(expression, labels));
    }

    private static boolean matches(YamlNode expression, Map<String, String> labels) {
        String key = expression.get("key").textOr("");
        List<String> values = expression.get("values").list().stream().map(value -> value.textOr("")).toList();
        String operator = expression.get("operator").textOr("");
        return switch (operator) {
            case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
            case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
            case "Exists" -> labels.containsKey(key);
            case "DoesNotExist" -> !labels.containsKey(key);
            default -> throw new IllegalArgumentException("unknown selector operator " + operator + " at " + expression);
        };
    }

    /** The labels of an object or pod template, from its {@code metadata}. */
    static Map<String, String> labels(YamlNode metadata) {
        return strings(metadata.get("labels"));
    }

    /** A mapping of strings, such as {@code labels}, {@code matchLabels} or a Service's {@code selector}. */
    static Map<String, String> strings(YamlNode mapping) {
        return mapping.entries().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().textOr("")));
    }
}
