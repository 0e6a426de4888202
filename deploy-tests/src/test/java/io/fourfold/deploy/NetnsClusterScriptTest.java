package io.fourfold.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * scripts/netns-cluster.sh builds its "machines" (network namespaces on a bridge), reaches its private Redis and
 * HTTP across them, and leaves nothing behind. Starting the api and workers themselves is its {@code run} mode.
 */
class NetnsClusterScriptTest {

    /** Random per run, so that two runs on one machine (a developer's and CI's) never meet. */
    private static final int RUN = java.util.concurrent.ThreadLocalRandom.current().nextInt(1, 255);
    private static final String PREFIX = "ft" + RUN;

    @Test
    void selftestConnectsThreeHostsAcrossTheBridgeAndCleansUp() throws IOException {
        for (String program : List.of("ip", "redis-server", "redis-cli", "curl", "unshare")) {
            new ExternalProgram(program, "install iproute2, redis-server, redis-tools, curl and util-linux").require();
        }
        // Privilege, unlike a missing program, is the machine's business: skip visibly everywhere.
        Assumptions.assumeTrue(isRoot(), () -> skipped("scripts/netns-cluster.sh needs root for ip netns"));

        ExternalProgram.Result result = ExternalProgram.Result.of(List.of("bash", "scripts/netns-cluster.sh", "selftest",
                "-n", "2", "--prefix", PREFIX, "--subnet", "10.203." + RUN, "--redis-port", String.valueOf(freePort()),
                "--timeout", "60"), Repository.root());

        assertThat(result.exitCode()).as("selftest:%n%s", result.output()).isZero();
        assertThat(result.output()).contains("selftest passed: 3 namespaces");
        ExternalProgram.Result namespaces = ExternalProgram.Result.of(List.of("ip", "netns", "list"), Repository.root());
        assertThat(namespaces.output()).as("namespaces left behind").doesNotContain(PREFIX + "-host");
        ExternalProgram.Result links = ExternalProgram.Result.of(List.of("ip", "-br", "link"), Repository.root());
        assertThat(links.output()).as("interfaces left behind").doesNotContain(PREFIX + "br0");
    }

    @Test
    void scriptRefusesBadArgumentsBeforeTouchingTheNetwork() {
        ExternalProgram.Result result = ExternalProgram.Result.of(
                List.of("bash", "scripts/netns-cluster.sh", "selftest", "--subnet", "8.8.8"), Repository.root());

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("--subnet must be");
    }

    private static boolean isRoot() {
        return "0".equals(ExternalProgram.Result.of(List.of("id", "-u"), Repository.root()).output().strip());
    }

    private static String skipped(String reason) {
        System.err.println("SKIPPED: " + reason);
        return reason;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
