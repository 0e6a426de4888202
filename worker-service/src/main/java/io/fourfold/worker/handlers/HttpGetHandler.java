package io.fourfold.worker.handlers;

import io.fourfold.task.ExecutorKind;
import io.fourfold.worker.execution.NonRetryableTaskException;
import io.fourfold.worker.execution.TaskHandler;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.client.HttpClient;

/**
 * {@code http.get}: fetches a URL and reports its status and size. Real network IO on a virtual thread, guarded
 * against server-side request forgery: only allow-listed hosts, never a private address (checked after DNS and
 * after every redirect), and the connection goes to the address that was checked.
 */
class HttpGetHandler {

    private final HttpGetProperties properties;
    private final AddressGuard guard;
    private final HttpClient client;

    HttpGetHandler(HttpGetProperties properties) {
        this.properties = properties;
        this.guard = new AddressGuard(properties.allowLoopback());
        // A fresh connection per request: a pooled one might have been made for another address.
        this.client = HttpClient.newConnection()
                .followRedirect(false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(properties.connectTimeout().toMillis()));
    }

    @TaskHandler(type = "http.get", executor = ExecutorKind.VIRTUAL, timeout = "PT1M")
    Fetched get(Get request) throws UnknownHostException {
        URI target = URI.create(request.url());
        for (int redirects = 0; ; redirects++) {
            Response response = fetch(target);
            if (!response.isRedirect()) {
                return new Fetched(response.status(), response.bytes());
            }
            if (redirects >= properties.maxRedirects()) {
                throw new NonRetryableTaskException("More than " + properties.maxRedirects() + " redirects");
            }
            target = target.resolve(Objects.requireNonNull(response.location()));
        }
    }

    private Response fetch(URI target) throws UnknownHostException {
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase();
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new NonRetryableTaskException("Only http and https URLs are fetched, not " + target);
        }
        String host = target.getHost() == null ? "" : target.getHost().replaceAll("^\\[|]$", "");
        if (!properties.allows(host)) {
            throw new NonRetryableTaskException("Host '" + host
                    + "' is not on fourfold.worker.http.allowed-hosts " + properties.allowedHosts());
        }
        InetAddress address = guard.resolve(host);
        PinnedAddressResolverGroup resolver = new PinnedAddressResolverGroup(address);
        try {
            return Objects.requireNonNull(client.resolver(resolver)
                    .get()
                    .uri(target)
                    .response((head, body) -> body.map(ByteBuf::readableBytes)
                            .reduce(0L, (total, chunk) -> total + chunk)
                            .map(bytes -> new Response(head.status().code(), bytes,
                                    head.responseHeaders().get(HttpHeaderNames.LOCATION))))
                    .single()
                    .block());
        } finally {
            resolver.close();
        }
    }

    /**
     * @param url the http or https URL to fetch; its host must be on the allow-list. The pattern is anchored and
     *            free of inline flags, so it means the same in Bean Validation and in the JSON Schema (ECMA-262).
     */
    record Get(@NotNull @Pattern(regexp = "^[Hh][Tt][Tt][Pp][Ss]?://\\S+$") String url) {
    }

    record Fetched(int status, long bytes) {
    }

    private record Response(int status, long bytes, @Nullable String location) {

        boolean isRedirect() {
            return status >= 300 && status < 400 && location != null;
        }
    }
}
