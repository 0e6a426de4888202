package io.fourfold.transport.redis;

import static io.fourfold.transport.redis.RedisConnectionSettings.submitAndReadBack;
import static io.fourfold.transport.redis.RedisConnectionSettings.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.fourfold.transport.BackendUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

/**
 * The backend connects with what {@code spring.data.redis.*} and {@code spring.ssl.*} say, on private redis-server
 * instances: an ACL user with a password, and TLS through an SSL bundle that trusts a self-signed certificate.
 * Without the right settings every call fails, as a {@code 503} for clients, with Redis's refusal in the message
 * that the api logs.
 */
class RedisCredentialsIT {

    @Test
    void anAclUserWithItsPasswordConnectsAndNoneOrAWrongOneIsRefused() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start("--save", "", "--user", "default", "off",
                "--user", "fourfold", "on", ">s3cret", "~*", "&*", "+@all")) {
            ApplicationContextRunner runner = RedisConnectionSettings.runner("fourfold:")
                    .withPropertyValues("spring.data.redis.port=" + redis.port());

            runner.withPropertyValues("spring.data.redis.username=fourfold", "spring.data.redis.password=s3cret")
                    .run(context -> {
                        submitAndReadBack(context);
                        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                                .until(() -> take(RateLimitRedisIT.buckets(context), "caller:alice", 3).isConsumed());
                    });
            runner.run(context -> refusedWith(context, "NOAUTH"));
            runner.withPropertyValues("spring.data.redis.username=fourfold", "spring.data.redis.password=wrong")
                    .run(context -> refusedWith(context, "WRONGPASS"));
        }
    }

    /**
     * Every call is refused, and Redis's own reason reaches the caller. Lettuce sometimes reports a refused handshake
     * as "RedisHandshakeHandler not registered" instead of the server's error, so the reason may take another call.
     */
    private static void refusedWith(ApplicationContext context, String reason) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThatThrownBy(() -> submitAndReadBack(context))
                        .isInstanceOf(BackendUnavailableException.class)
                        .hasMessageContaining(reason));
    }

    @Test
    void aTlsRedisIsReachedThroughAnSslBundleAndNotWithoutIt() throws Exception {
        Path dir = Files.createTempDirectory("fourfold-redis-tls-");
        Path certificate = dir.resolve("redis.crt");
        Path key = dir.resolve("redis.key");
        selfSignedCertificate(certificate, key);
        try (PrivateRedis redis = PrivateRedis.startTls(certificate, key)) {
            ApplicationContextRunner runner = RedisConnectionSettings.runner("fourfold:")
                    .withPropertyValues("spring.data.redis.port=" + redis.port());

            runner.withPropertyValues("spring.data.redis.ssl.enabled=true", "spring.data.redis.ssl.bundle=redis",
                            "spring.ssl.bundle.pem.redis.truststore.certificate=" + certificate.toUri())
                    .run(context -> {
                        submitAndReadBack(context);
                        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                                .until(() -> take(RateLimitRedisIT.buckets(context), "caller:alice", 3).isConsumed());
                    });
            runner.withPropertyValues("spring.data.redis.ssl.enabled=true")
                    .run(context -> assertThatThrownBy(() -> submitAndReadBack(context))
                            .as("TLS with the JDK's trust store, which does not trust this certificate")
                            .isInstanceOf(BackendUnavailableException.class)
                            .hasMessageContaining("certification path"));
        } finally {
            Files.deleteIfExists(certificate);
            Files.deleteIfExists(key);
            Files.deleteIfExists(dir);
        }
    }

    /** A key and a self-signed certificate for 127.0.0.1, made by the openssl command line. */
    private static void selfSignedCertificate(Path certificate, Path key) throws IOException, InterruptedException {
        Process openssl;
        try {
            openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-keyout", key.toString(), "-out", certificate.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException missing) {
            String message = "openssl is not on the PATH; install it to run this test";
            if ("true".equals(System.getenv("CI"))) {
                fail(message + " (CI=true)");
            }
            Assumptions.abort(message + ". Skipping.");
            throw missing;
        }
        String output = new String(openssl.getInputStream().readAllBytes());
        assertThat(openssl.waitFor()).as("openssl req: %s", output).isZero();
    }
}
