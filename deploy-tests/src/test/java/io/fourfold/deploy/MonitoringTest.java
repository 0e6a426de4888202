package io.fourfold.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The monitoring that compose ships: Prometheus's config and alert rules are valid and fire when they should
 * ({@code promtool}), and the Grafana dashboard asks only valid PromQL about metrics that Fourfold exports.
 */
class MonitoringTest {

    /** Every Fourfold series the services export (README, "Observability"), as Prometheus names them. */
    static final Set<String> FOURFOLD_SERIES = Set.of("fourfold_tasks_submitted_total", "fourfold_tasks_started_total",
            "fourfold_tasks_finished_total", "fourfold_tasks_retried_total", "fourfold_tasks_dead_lettered_total",
            "fourfold_task_duration_seconds_bucket", "fourfold_task_duration_seconds_count",
            "fourfold_task_duration_seconds_sum", "fourfold_task_duration_seconds_max",
            "fourfold_task_queue_wait_seconds_bucket", "fourfold_task_queue_wait_seconds_count",
            "fourfold_task_queue_wait_seconds_sum", "fourfold_task_queue_wait_seconds_max", "fourfold_executor_slots",
            "fourfold_executor_slots_busy", "fourfold_workers", "fourfold_queue_ready", "fourfold_queue_delayed",
            "fourfold_queue_running", "fourfold_queue_dead", "fourfold_queue_oldest_age_seconds",
            "fourfold_queue_paused");
    private static final Pattern FOURFOLD_NAME = Pattern.compile("\\bfourfold_[a-z_]+");

    @Test
    void prometheusConfigAndItsRuleFilesAreValid() {
        ExternalProgram.Result result = ExternalProgram.PROMTOOL.run(Repository.file("deploy/prometheus"),
                "check", "config", "prometheus.yml");
        assertThat(result.exitCode()).as("promtool check config:%n%s", result.output()).isZero();
        assertThat(result.output()).contains("1 rule files found");
    }

    @Test
    void alertRulesAreValid() {
        ExternalProgram.Result result = ExternalProgram.PROMTOOL.run(Repository.file("deploy/prometheus"),
                "check", "rules", "alerts.yml");
        assertThat(result.exitCode()).as("promtool check rules:%n%s", result.output()).isZero();
    }

    @Test
    void alertsFireOnAnOldTaskRisingDeadLettersAndNoWorkersAndNotBefore() {
        ExternalProgram.Result result = ExternalProgram.PROMTOOL.run(Repository.file("deploy/prometheus"),
                "test", "rules", "alerts-test.yml");
        assertThat(result.exitCode()).as("promtool test rules:%n%s", result.output()).isZero();
        Map<String, Object> alerts = Repository.yamlDocuments(Repository.read(
                Repository.file("deploy/prometheus/alerts.yml"))).getFirst();
        assertThat(YamlNode.of(alerts, "alerts.yml").get("groups").list().getFirst().get("rules").list())
                .extracting(rule -> rule.get("alert").textOr(""))
                .containsExactly("FourfoldQueueOldestTaskWaiting", "FourfoldDeadLettersRising", "FourfoldNoWorkers");
        assertThat(metricsIn(Repository.read(Repository.file("deploy/prometheus/alerts.yml"))))
                .isSubsetOf(FOURFOLD_SERIES);
    }

    @Test
    void theDashboardAsksValidPromQlAboutExportedMetricsOnly(@TempDir Path dir) throws IOException {
        YamlNode dashboard = YamlNode.of(Repository.yamlDocuments(Repository.read(
                Repository.file("deploy/grafana/dashboards/fourfold.json"))).getFirst(), "fourfold.json");
        Map<String, String> queries = new LinkedHashMap<>();
        for (YamlNode panel : dashboard.get("panels").list()) {
            if (panel.get("type").textOr("").equals("row")) {
                continue;
            }
            assertThat(panel.get("datasource", "uid").textOr("")).as("datasource of %s", panel.get("title"))
                    .isEqualTo("fourfold-prometheus");
            for (YamlNode target : panel.get("targets").list()) {
                queries.put("dashboard:panel_" + panel.get("id").textOr("") + ":" + target.get("refId").textOr(""),
                        target.get("expr").textOr(""));
            }
        }
        assertThat(queries).hasSizeGreaterThan(20);
        String all = String.join("\n", queries.values());
        assertThat(metricsIn(all)).isSubsetOf(FOURFOLD_SERIES).contains("fourfold_tasks_submitted_total",
                "fourfold_tasks_finished_total", "fourfold_task_duration_seconds_bucket",
                "fourfold_task_queue_wait_seconds_bucket", "fourfold_queue_ready", "fourfold_queue_oldest_age_seconds",
                "fourfold_executor_slots_busy", "fourfold_tasks_dead_lettered_total", "fourfold_workers");
        assertThat(all).contains("histogram_quantile(0.99").contains("jvm_memory_used_bytes")
                .contains("jvm_threads_virtual");

        // promtool parses PromQL in rule files: each panel query becomes a recording rule, Grafana's variables
        // replaced by what they stand for.
        List<Map<String, String>> rules = new ArrayList<>();
        queries.forEach((name, expr) -> rules.add(Map.of("record", name,
                "expr", expr.replace("$__rate_interval", "5m").replace("$queue", ".*"))));
        Path file = Files.writeString(dir.resolve("dashboard-queries.yml"),
                new Yaml().dump(Map.of("groups", List.of(Map.of("name", "dashboard", "rules", rules)))));
        ExternalProgram.Result result = ExternalProgram.PROMTOOL.run(dir, "check", "rules", file.toString());
        assertThat(result.exitCode()).as("promtool check rules over the dashboard's queries:%n%s", result.output())
                .isZero();
    }

    @Test
    void kedaScalesOnQueueGaugesTheApiExports() {
        String scaledObject = Repository.read(Repository.file("k8s/components/keda/worker-scaledobject.yaml"));
        assertThat(metricsIn(scaledObject)).containsExactlyInAnyOrder("fourfold_queue_ready",
                "fourfold_queue_oldest_age_seconds").isSubsetOf(FOURFOLD_SERIES);
    }

    private static Set<String> metricsIn(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = FOURFOLD_NAME.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }
}
