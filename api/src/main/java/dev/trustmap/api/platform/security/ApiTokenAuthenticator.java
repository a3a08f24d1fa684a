package dev.trustmap.api.platform.security;

import dev.trustmap.api.platform.http.ProblemException;
import dev.trustmap.api.platform.http.ProblemType;
import java.util.List;

/** Trustmap's own API tokens ({@code tm_…}), checked by {@link ApiTokenService}; takes any credential. */
public final class ApiTokenAuthenticator implements Authenticator {
    private final ApiTokenService tokens;

    public ApiTokenAuthenticator(ApiTokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    public boolean handles(String credential) {
        return true;
    }

    @Override
    public TrustmapPrincipal authenticate(String credential) {
        return tokens.authenticate(credential).orElseThrow(() -> new ProblemException(ProblemType.UNAUTHORIZED,
                "The API token is unknown, expired or revoked", List.of(), AuthenticationFilter.CHALLENGE));
    }
}
