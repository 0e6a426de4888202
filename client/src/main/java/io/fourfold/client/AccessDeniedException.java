package io.fourfold.client;

/**
 * {@code 401}: the api wants credentials and got none or wrong ones (see {@link FourfoldClient.Builder#apiKey(String)}
 * and {@link FourfoldClient.Builder#bearerToken(java.util.function.Supplier)}), or {@code 403}: the caller's role
 * does not allow this call. {@link #status()} tells which.
 */
public class AccessDeniedException extends FourfoldProblemException {

    AccessDeniedException(Problem problem) {
        super(problem);
    }
}
