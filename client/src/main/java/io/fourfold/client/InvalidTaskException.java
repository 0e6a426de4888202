package io.fourfold.client;

/**
 * The api refused the request as sent, and sending it again will not help: {@code 400} (invalid fields, the payload
 * checked against its type's JSON Schema; {@link #errors()} names each field), {@code 413} (too large) or
 * {@code 422} (an unknown task type, with the known ones in {@code property("knownTypes")}, or an
 * {@code Idempotency-Key} reused with a different request). Nothing was stored.
 */
public class InvalidTaskException extends FourfoldProblemException {

    InvalidTaskException(Problem problem) {
        super(problem);
    }
}
