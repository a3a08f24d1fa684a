package dev.trustmap.api.platform.security;

/**
 * One way of recognising a caller from the credential of an {@code Authorization: Bearer} header
 * (or {@code X-Api-Key}). {@link AuthenticationFilter} asks its authenticators in order and the
 * first that {@link #handles} the credential decides.
 */
public interface Authenticator {

    /** Whether the credential has this authenticator's shape (an API token, a JWT); cheap, no I/O. */
    boolean handles(String credential);

    /**
     * The caller the credential stands for.
     *
     * @throws dev.trustmap.api.platform.http.ProblemException {@code 401} when the credential is
     *         not valid, {@code 503} when it cannot be checked right now
     */
    TrustmapPrincipal authenticate(String credential);
}
