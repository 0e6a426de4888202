package io.fourfold.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchFiguresTest {

    @Test
    void redisBenchmarkRateIsTheLastOneItPrinted() {
        String output = "XADD bench:xadd * f v: rps=41234.0 (overall: 40000.0) avg_msec=1.1\r"
                + "XADD bench:xadd * f v: 63492.06 requests per second, p50=0.391 msec\n";

        assertThat(ToolOutput.redisBenchmarkRate(output)).isEqualTo(63492.06);
    }

    @Test
    void perfTestRatesAreItsAveragesOverTheRun() {
        String output = """
                id: bench, time 19.000 s, sent: 10123 msg/s, confirmed: 10100 msg/s, received: 10050 msg/s
                id: bench, sending rate avg: 10234 msg/s
                id: bench, receiving rate avg: 10112 msg/s
                """;

        assertThat(ToolOutput.perfTestRates(output)).isEqualTo(new SharedRabbit.PerfTestRates(10234, 10112));
    }

    @Test
    void wrkRateCountsOnlyARunWhoseAnswersWereAll2xx() {
        String clean = "  100000 requests in 10.00s, 12.00MB read\nRequests/sec:  10000.50\nTransfer/sec:      1.20MB\n";
        String refused = "  Non-2xx or 3xx responses: 17\nRequests/sec:  20000.00\n";

        assertThat(ToolOutput.wrkRate(clean)).isEqualTo(10000.5);
        assertThatThrownBy(() -> ToolOutput.wrkRate(refused)).hasMessageContaining("17 answers other than 2xx");
    }

    @Test
    void outputWithoutTheFigureIsAnErrorThatShowsIt() {
        assertThatThrownBy(() -> ToolOutput.redisBenchmarkRate("Could not connect to Redis at 127.0.0.1:1"))
                .hasMessageContaining("Could not connect");
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(Statistics.median(List.of(5.0, 1.0, 3.0))).isEqualTo(3.0);
        assertThat(Statistics.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    }

    @Test
    void aRatioComparesMediansAndNamesItsCeiling() {
        Result.Figure ceiling = Result.Figure.of("s", "raw XADD", "ops/s", List.of(40_000.0, 60_000.0, 50_000.0), "");
        Result.Figure drain = Result.Figure.of("s", "drain", "tasks/s", List.of(5_000.0), "").against(ceiling);

        assertThat(drain.ratio()).isEqualTo(0.1);
        assertThat(drain.against()).isEqualTo("raw XADD");
        assertThat(Report.number(48_213.4)).isEqualTo("48,213");
        assertThat(Report.number(0.1534)).isEqualTo("0.153");
    }

    @Test
    void onlyRunsTheBlocksNamedAndRefusesAnUnknownOne() {
        BenchOptions rabbit = BenchOptions.parse(Path.of("."), "bench", List.of("--only", "rabbitmq,memory"));
        assertThat(rabbit.blocks()).containsExactlyInAnyOrder("rabbitmq", "memory");
        assertThat(BenchOptions.parse(Path.of("."), "bench", List.of()).blocks()).isEqualTo(BenchOptions.BLOCKS);
        assertThatThrownBy(() -> BenchOptions.parse(Path.of("."), "bench", List.of("--only", "kafka")))
                .hasMessageContaining("--only takes blocks among [memory, rabbitmq, redis]");
    }
}
