package io.fourfold.bench;

import java.util.List;

/** The few statistics the report needs. */
final class Statistics {

    private Statistics() {
    }

    /** The middle value, or the mean of the two middle ones; NaN for none. */
    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
