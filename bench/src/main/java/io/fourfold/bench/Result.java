package io.fourfold.bench;

import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;

/** What the scenarios measure, as the report shows it. */
final class Result {

    private Result() {
    }

    /**
     * One measure, taken once per run.
     *
     * @param scenario  the table it goes in
     * @param measure   what was measured
     * @param unit      of the values
     * @param runs      one value per run
     * @param against   what the ratio compares with (a ceiling of the same run); empty for no ratio
     * @param reference the median of that, in the same unit
     * @param note      how to read it
     */
    record Figure(String scenario, String measure, String unit, List<Double> runs, String against, double reference,
                  String note) {

        static Figure of(String scenario, String measure, String unit, List<Double> runs, String note) {
            return new Figure(scenario, measure, unit, List.copyOf(runs), "", Double.NaN, note);
        }

        Figure against(Figure ceiling) {
            return new Figure(scenario, measure, unit, runs, ceiling.measure(), ceiling.median(), note);
        }

        double median() {
            return Statistics.median(runs);
        }

        /** The median over the reference's median; NaN without a reference. */
        double ratio() {
            return against.isEmpty() ? Double.NaN : median() / reference;
        }
    }

    /**
     * Request/reply latency at a number of concurrent clients, over every run.
     *
     * @param perSecond requests answered per second, over all clients
     */
    record Latency(String scenario, int clients, Histogram histogram, double perSecond) {
    }

    /** From the start of a service's process to its first ready answer. */
    record Startup(String service, Duration took) {
    }

    /** A scenario that could not run to its end. */
    record Failure(String scenario, String reason) {
    }
}
