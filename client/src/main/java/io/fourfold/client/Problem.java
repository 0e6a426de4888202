package io.fourfold.client;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An error answer as read from the wire, before it becomes the exception for its status.
 *
 * @param body       the whole problem document (an empty object when the answer was not problem JSON)
 * @param retryAfter the {@code Retry-After} header, when the answer had one
 */
record Problem(int status, URI type, String title, String detail, List<FourfoldProblemException.FieldError> errors,
        JsonNode body, @Nullable Duration retryAfter) {
}
