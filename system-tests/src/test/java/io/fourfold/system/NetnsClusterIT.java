package io.fourfold.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The machines level: {@code scripts/netns-cluster.sh run} puts the api and two workers in network namespaces of
 * their own (own address, own hostname) and a task submitted to the api runs on a worker host across the bridge.
 */
class NetnsClusterIT {

    /** Random per run, so two runs on one machine never meet. */
    private static final int RUN = ThreadLocalRandom.current().nextInt(1, 255);

    @Test
    void aTaskSubmittedOnTheApiHostRunsOnAWorkerHost() {
        for (String program : new String[] {"ip", "unshare", "redis-server", "redis-cli", "curl"}) {
            Environment.require(program, "install iproute2, util-linux, redis-server, redis-tools and curl");
        }
        // Namespaces need root; not having it is the machine's business, so skip visibly (fail on CI, which is root).
        Path logs = Environment.outputDirectory("netns-cluster");
        Script id = Script.run(logs.resolve("id.log"), Duration.ofSeconds(10), "id", "-u");
        skipUnlessCi("0".equals(id.output().strip()), "scripts/netns-cluster.sh needs root for ip netns");
        Script netns = Script.run(logs.resolve("netns.log"), Duration.ofSeconds(10),
                "ip", "netns", "list");
        skipUnlessCi(netns.exitCode() == 0, "ip netns is unavailable here: " + netns.output().strip());
        String prefix = "fs" + RUN;
        Script script = Script.run(logs.resolve("run.log"), Duration.ofMinutes(8),
                "bash", "scripts/netns-cluster.sh", "run", "-n", "2", "--prefix", prefix, "--subnet", "10.204." + RUN,
                "--redis-port", String.valueOf(Environment.freePort()), "--timeout", "240", "--logs", logs.resolve("cluster").toString(),
                "--api-jar", Environment.apiJar().toString(), "--worker-jar", Environment.workerJar().toString());

        assertThat(script.exitCode()).as("scripts/netns-cluster.sh run:%n%s", script.output()).isZero();
        assertThat(script.output()).contains("task 1: SUCCEEDED on worker-", "demo passed: 4 tasks");
        Script namespaces = Script.run(logs.resolve("after.log"),
                Duration.ofSeconds(10), "ip", "netns", "list");
        assertThat(namespaces.output()).as("namespaces left behind").doesNotContain(prefix + "-host");
    }

    private static void skipUnlessCi(boolean available, String reason) {
        if (available) {
            return;
        }
        if (Environment.onCi()) {
            fail(reason + " (CI=true: required)");
        }
        System.err.println("SKIPPED: " + reason);
        Assumptions.abort(reason);
    }
}
