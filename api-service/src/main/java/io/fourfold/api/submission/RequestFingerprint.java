package io.fourfold.api.submission;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The digest an {@code Idempotency-Key} is bound to: SHA-256 of the request in canonical JSON (properties sorted at
 * every level, defaults applied), so the same request always hashes the same however its JSON was laid out.
 */
final class RequestFingerprint {

    private static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .build();

    private RequestFingerprint() {
    }

    /** {@code batch} is part of it: one key cannot name both a single submit and a batch. */
    static String of(boolean batch, List<ResolvedTask> tasks) {
        byte[] canonical = CANONICAL.writeValueAsBytes(new Canonical(batch, tasks));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("Every JVM provides SHA-256", impossible);
        }
    }

    private record Canonical(boolean batch, List<ResolvedTask> tasks) {
    }
}
