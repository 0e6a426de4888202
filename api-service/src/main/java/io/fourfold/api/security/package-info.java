/**
 * Who may call the API: API keys ({@code X-API-Key}, kept as SHA-256 hashes) and bearer JWTs, the three roles
 * ({@code read} ⊂ {@code submit} ⊂ {@code admin}), security headers and CORS. Refusals are problems like any other.
 */
@NullMarked
package io.fourfold.api.security;

import org.jspecify.annotations.NullMarked;
