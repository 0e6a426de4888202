package com.example.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.InstanceOfAssertFactories.type;
import static org.awaitility.Awaitility.await;

import com.example.thumbnail.ThumbnailHandler.Picture;
import com.example.thumbnail.ThumbnailHandler.Thumbnail;
import io.fourfold.client.FourfoldClient;
import io.fourfold.client.FourfoldProblemException;
import io.fourfold.client.InvalidTaskException;
import io.fourfold.client.TaskRequest;
import io.fourfold.client.TaskState;
import io.fourfold.client.TaskType;
import io.fourfold.client.TaskView;
import io.fourfold.worker.SharedRedis;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The example end to end, as a user runs it: api-service started from its exec jar, this application beside it on
 * the shared Redis (under a key prefix of its own), and the typed Java client submitting a {@code thumbnail} task
 * and waiting for its result. Skips without Redis unless {@code -Dfourfold.require-brokers=true}.
 */
class ThumbnailWorkerIT {

    private static final String PREFIX = "thumbnail-it-" + UUID.randomUUID() + ":";
    private static final Duration STARTUP = Duration.ofMinutes(3);

    private static @Nullable Process api;
    private static @Nullable ConfigurableApplicationContext worker;
    private static @Nullable FourfoldClient client;

    @BeforeAll
    static void startApiAndWorker() throws IOException {
        SharedRedis.requireReachable();
        int apiPort = freePort();
        List<String> redis = List.of("--spring.data.redis.host=" + SharedRedis.HOST,
                "--spring.data.redis.port=" + SharedRedis.PORT, "--fourfold.redis.key-prefix=" + PREFIX);
        Path log = Path.of(System.getProperty("fourfold.api-log", "target/api-service.log"));
        ProcessBuilder command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xmx512m", "--enable-native-access=ALL-UNNAMED", "-jar", apiJar().toString(),
                "--server.port=" + apiPort, "--management.server.port=" + freePort(),
                "--fourfold.api.security.enabled=false", "--fourfold.api.rate-limit.enabled=false",
                "--spring.output.ansi.enabled=never");
        command.command().addAll(redis);
        api = command.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        List<String> workerArguments = new ArrayList<>(redis);
        workerArguments.add("--server.port=0");
        worker = new SpringApplicationBuilder(ThumbnailWorkerApplication.class)
                .run(workerArguments.toArray(String[]::new));
        client = FourfoldClient.builder().baseUrl("http://127.0.0.1:" + apiPort).build();
        await("api-service up with the thumbnail type registered").atMost(STARTUP)
                .pollInterval(Duration.ofMillis(500)).ignoreExceptionsMatching(e -> api.isAlive())
                .until(() -> {
                    if (!api.isAlive()) {
                        fail("api-service exited with " + api.exitValue() + ":\n"
                                + Files.readString(log, StandardCharsets.UTF_8));
                    }
                    return thumbnailType().registered();
                });
    }

    @AfterAll
    static void stopAndDeleteKeys() throws InterruptedException {
        if (api != null) {
            api.destroy();
            if (!api.waitFor(45, TimeUnit.SECONDS)) {
                api.destroyForcibly().waitFor();
            }
        }
        if (worker != null) {
            worker.close();
        }
        SharedRedis.deleteKeys(PREFIX);
    }

    @Test
    void theApiListsTheTypeWithTheSchemaOfItsPayload() {
        TaskType thumbnail = thumbnailType();

        assertThat(thumbnail.executor()).isEqualTo("PLATFORM");
        assertThat(thumbnail.timeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(thumbnail.liveWorkers()).isEqualTo(1);
        assertThat(thumbnail.payloadSchema()).isNotNull();
        assertThat(thumbnail.payloadSchema().path("required").toString()).contains("width", "height", "box");
        assertThat(thumbnail.payloadSchema().path("properties").path("box").path("maximum").asInt()).isEqualTo(1024);
    }

    @Test
    void aSubmittedPictureComesBackAsItsThumbnail() {
        TaskView done = client().blocking().submitAndWait(TaskRequest.of("thumbnail", new Picture(1600, 900, 160)),
                Duration.ofSeconds(30));

        assertThat(done.state()).isEqualTo(TaskState.SUCCEEDED);
        Thumbnail thumbnail = client().resultAs(done, Thumbnail.class);
        assertThat(thumbnail).isNotNull();
        assertThat(thumbnail.width()).isEqualTo(160);
        assertThat(thumbnail.height()).isEqualTo(90);
        assertThat(thumbnail.pngBytes()).isPositive();
    }

    @Test
    void theApiRefusesAPayloadThatBreaksTheConstraintsOfTheRecord() {
        assertThatThrownBy(() -> client().blocking().submit(TaskRequest.of("thumbnail", new Picture(1600, 900, 4))))
                .asInstanceOf(type(InvalidTaskException.class))
                .satisfies(problem -> assertThat(problem.errors()).extracting(FourfoldProblemException.FieldError::field)
                        .anySatisfy(field -> assertThat(field).contains("box")));
    }

    private static TaskType thumbnailType() {
        return client().blocking().taskTypes().stream().filter(type -> type.type().equals("thumbnail")).findFirst()
                .orElseThrow(() -> new AssertionError("no thumbnail type"));
    }

    private static FourfoldClient client() {
        return Objects.requireNonNull(client, "started in @BeforeAll");
    }

    private static Path apiJar() {
        Path jar = Path.of(System.getProperty("fourfold.api-jar", "../../api-service/target/api-service-exec.jar"));
        if (!Files.isRegularFile(jar)) {
            fail("no api-service jar at " + jar + ": build it with ./mvnw -q -pl api-service -am package -DskipTests");
        }
        return jar;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
