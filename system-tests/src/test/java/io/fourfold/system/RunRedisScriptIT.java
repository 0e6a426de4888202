package io.fourfold.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code scripts/run-redis.sh --smoke}, so the script people start the multi-process level with cannot rot. */
class RunRedisScriptIT {

    private static final Pattern PID = Pattern.compile("\\(pid (\\d+)\\)");

    @Test
    void smokeStartsApiAndWorkersRunsAndCancelsTasksAndStopsThemAll() {
        Environment.require("redis-server", "install it (Debian: apt-get install -y redis-server)");
        Environment.require("curl", "install curl");
        Environment.apiJar();
        Environment.workerJar();

        Script script = Script.run(Environment.outputDirectory("run-redis").resolve("smoke.log"), Duration.ofMinutes(6),
                "bash", "scripts/run-redis.sh", "--smoke", "--private", "-n", "2");

        assertThat(script.exitCode()).as("scripts/run-redis.sh --smoke --private:%n%s", script.output()).isZero();
        assertThat(script.output())
                .contains("SUCCEEDED on worker-", "a snapshot with SUCCEEDED", "cancelled through the api", "smoke passed");
        Matcher pids = PID.matcher(script.output());
        List<Long> started = pids.results().map(match -> Long.valueOf(match.group(1))).toList();
        assertThat(started).as("pids the script printed").hasSizeGreaterThanOrEqualTo(4);
        assertThat(started).as("processes left running").noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }
}
