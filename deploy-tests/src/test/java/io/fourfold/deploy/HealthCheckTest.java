package io.fourfold.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image's HEALTHCHECK program: healthy only on a 2xx answer, unhealthy on any other answer or none. */
class HealthCheckTest {

    @TempDir
    static Path classes;
    private static HttpServer actuator;

    @BeforeAll
    static void compileAndServe() throws IOException {
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "25", "-d", classes.toString(),
                Repository.file("deploy/docker/HealthCheck.java").toString());
        assertThat(compiled).as("javac deploy/docker/HealthCheck.java").isZero();

        actuator = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        actuator.createContext("/actuator/health/readiness", exchange -> answer(exchange, 200));
        actuator.createContext("/actuator/health/down", exchange -> answer(exchange, 503));
        actuator.start();
    }

    @AfterAll
    static void stop() {
        actuator.stop(0);
    }

    @Test
    void upIsHealthy() {
        assertThat(check(url("/actuator/health/readiness"))).isZero();
    }

    @Test
    void outOfServiceIsUnhealthy() {
        assertThat(check(url("/actuator/health/down"))).isEqualTo(1);
    }

    @Test
    void noAnswerIsUnhealthy() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        assertThat(check("http://127.0.0.1:" + closedPort + "/actuator/health/readiness")).isEqualTo(1);
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + actuator.getAddress().getPort() + path;
    }

    private static int check(String url) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return ExternalProgram.Result.of(List.of(java, "-cp", classes.toString(), "HealthCheck", url), classes).exitCode();
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }
}
