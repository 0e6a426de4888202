import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The container HEALTHCHECK: exits 0 when the given Actuator URL answers 2xx, 1 otherwise.
 *
 * <p>It is compiled into the image because the JRE base image has no {@code javac} for source launch and
 * does not promise {@code curl} or {@code wget}; a JVM that starts in a fraction of a second is always there.
 */
public final class HealthCheck {

    private HealthCheck() {
    }

    public static void main(String[] args) {
        String url = args.length > 0 ? args[0] : "http://127.0.0.1:8081/actuator/health/readiness";
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build();
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 != 2) {
                System.err.println("unhealthy: " + url + " answered " + status);
                System.exit(1);
            }
        } catch (Exception e) {
            System.err.println("unhealthy: " + url + " " + e);
            System.exit(1);
        }
    }
}
