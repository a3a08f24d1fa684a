package dev.trustmap.database.platform;

import org.eclipse.persistence.sessions.DatabaseLogin;
import org.eclipse.persistence.sessions.Session;
import org.eclipse.persistence.sessions.SessionCustomizer;

/**
 * EclipseLink retries a query whose connection failed (three more times by default, each after a
 * wait for a new connection): during an outage one call would take four connect timeouts. The
 * pool's connect timeout is the one wait; the caller decides about retrying.
 */
public final class SingleAttemptCustomizer implements SessionCustomizer {
    @Override
    public void customize(Session session) {
        if (session.getDatasourceLogin() instanceof DatabaseLogin login) {
            login.setQueryRetryAttemptCount(0);
            login.setDelayBetweenConnectionAttempts(0);
            login.setConnectionHealthValidatedOnError(false);
        }
    }
}
