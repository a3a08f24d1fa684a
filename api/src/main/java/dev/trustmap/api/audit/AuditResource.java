package dev.trustmap.api.audit;

import dev.trustmap.api.audit.model.AuditEntryView;
import dev.trustmap.api.audit.model.AuditVerification;
import dev.trustmap.api.platform.http.Page;
import dev.trustmap.api.platform.http.Paging;
import dev.trustmap.api.platform.http.ProblemException;
import dev.trustmap.api.platform.security.Roles;
import dev.trustmap.database.audit.AuditFilter;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** The audit chain: admins list its entries and verify it. */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public final class AuditResource {
    private final AuditService audit;

    public AuditResource(AuditService audit) {
        this.audit = audit;
    }

    /**
     * Audit entries, newest first: {@code actor} and {@code action} match exactly, {@code target} matches
     * that target and those below it ({@code service:checkout-api} finds its contracts and uploads too),
     * {@code from} (inclusive) and {@code to} (exclusive) are ISO-8601 date-times.
     */
    @GET
    @RolesAllowed(Roles.ADMIN)
    public Page<AuditEntryView> list(@QueryParam("actor") String actor, @QueryParam("action") String action,
                                     @QueryParam("target") String target, @QueryParam("from") String from,
                                     @QueryParam("to") String to, @QueryParam("offset") Integer offset,
                                     @QueryParam("limit") Integer limit) {
        Paging paging = Paging.of(offset, limit, 100);
        return audit.list(new AuditFilter(text("actor", actor, 200), text("action", action, 50), text("target", target, 2_500),
                time("from", from), time("to", to)), paging);
    }

    /**
     * Walks the whole chain and recomputes every hash: {@code {"valid": true, "entries": N, "head": "<hash>"}}, or
     * {@code {"valid": false, "entries": N, "brokenAt": seq, "reason": "…"}} naming the first entry that is missing,
     * was changed, or does not follow the one before ({@code entries}: how many verified before it).
     */
    @GET
    @Path("verify")
    @RolesAllowed(Roles.ADMIN)
    public AuditVerification verify() {
        return audit.verify();
    }

    private static String text(String name, String value, int max) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > max) {
            throw ProblemException.invalid(name, name + " is at most " + max + " characters");
        }
        return value;
    }

    private static OffsetDateTime time(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(name, "expected an ISO-8601 date-time such as 2027-01-31T00:00:00Z, found \"" + value + "\"");
        }
    }
}
