package dev.trustmap.web;

import dev.trustmap.api.audit.Actor;
import dev.trustmap.api.audit.AuditService;
import dev.trustmap.api.platform.config.TrustmapConfig;
import dev.trustmap.api.platform.security.ApiTokenService;
import dev.trustmap.api.token.TokenAdminService;
import dev.trustmap.database.audit.AuditRepository;
import dev.trustmap.database.platform.Database;
import dev.trustmap.database.token.ApiTokenRepository;
import java.io.PrintStream;
import java.time.Clock;

/**
 * {@code java -jar trustmap-portal.jar bootstrap-admin}: prints a new admin token for an
 * installation whose admin token is lost, against the configured database, and exits (as
 * Keycloak's {@code bootstrap-admin}). Nothing is deleted or changed but the one new token. The
 * embedded H2 is locked by a running portal: stop it first (PostgreSQL: it may run).
 */
final class RecoveryCommand {
    private RecoveryCommand() {
    }

    /** @return the exit code: 0 printed, 1 the database could not be used */
    static int run(TrustmapConfig config, Clock clock, PrintStream out, PrintStream err) {
        Database db;
        try {
            db = Database.open(config.database());
        } catch (RuntimeException e) {
            err.println("trustmap: cannot open the database: " + TrustmapPortal.firstLine(e)
                    + (config.embeddedDatabase() ? " (is the portal running on this folder? stop it first)" : ""));
            return 1;
        }
        try {
            ApiTokenService.IssuedToken token = new ApiTokenService(db, new ApiTokenRepository(), clock, null, null)
                    .recoveryAdmin(TokenAdminService.created(new AuditService(db, new AuditRepository(), clock), new Actor("recovery", null)));
            out.println("""

                    ============================================================================
                    New Trustmap admin API token '%s' (shown once, store it now):

                        %s

                    Other tokens are unchanged: revoke a lost one with DELETE /api/v1/tokens/{id}.
                    ============================================================================
                    """.formatted(token.token().getName(), token.secret()));
            return 0;
        } catch (RuntimeException e) {
            err.println("trustmap: cannot create the token: " + e.getMessage());
            return 1;
        } finally {
            db.close();
        }
    }
}
