package dev.trustmap.api.review;

import dev.trustmap.api.audit.Actor;
import dev.trustmap.api.audit.AuditService;
import dev.trustmap.api.platform.http.Paging;
import dev.trustmap.api.platform.http.Page;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.packageurl.MalformedPackageURLException;
import dev.trustmap.api.platform.http.ProblemException;
import dev.trustmap.api.platform.http.ProblemType;
import dev.trustmap.api.platform.security.TrustmapPrincipal;
import dev.trustmap.api.review.model.ReviewRequest;
import dev.trustmap.api.review.model.ReviewResponse;
import dev.trustmap.api.review.model.TransitionRequest;
import dev.trustmap.database.pkg.PackageEntity;
import dev.trustmap.database.pkg.PackageRepository;
import dev.trustmap.database.platform.Database;
import dev.trustmap.database.policy.PolicyRepository;
import dev.trustmap.database.review.ReviewRepository;
import dev.trustmap.database.review.ReviewRow;
import dev.trustmap.scanner.sbom.Purls;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Package reviews and their state machine: {@code proposed → in_review → approved |
 * approved_with_conditions | rejected}; {@code approved* → revoked}; {@code rejected → in_review}.
 * Whoever requested a review can never decide it (four eyes). A decision stores the evidence
 * scores it was based on. Every change makes policies evaluate again.
 */
public final class ReviewService {
    private static final Map<String, Set<String>> TRANSITIONS = Map.of(
            "proposed", Set.of("in_review"),
            "in_review", Set.of("approved", "approved_with_conditions", "rejected"),
            "approved", Set.of("revoked"),
            "approved_with_conditions", Set.of("revoked"),
            "rejected", Set.of("in_review"),
            "revoked", Set.of());
    private static final Set<String> DECISIONS = Set.of("approved", "approved_with_conditions", "rejected");

    private final Database db;
    private final ReviewRepository reviews;
    private final PackageRepository packages;
    private final PolicyRepository policies;
    private final ObjectMapper json;
    private final AuditService audit;
    private final Clock clock;
    private volatile Runnable onChange = () -> { };

    public ReviewService(Database db, ReviewRepository reviews, PackageRepository packages, PolicyRepository policies,
                         ObjectMapper json, AuditService audit, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.reviews = reviews;
        this.packages = packages;
        this.policies = policies;
        this.json = json;
        this.clock = clock;
    }

    public void onChange(Runnable listener) {
        this.onChange = listener;
    }

    /** The person behind a token: its owner, or its name when it has none. */
    static String actor(TrustmapPrincipal who) {
        return who.owner() != null && !who.owner().isBlank() ? who.owner() : who.getName();
    }

    /** The audit target of a review: {@code package:<purl>/review:<id>}. */
    static String target(String packagePurl, UUID id) {
        return "package:" + packagePurl + "/review:" + id;
    }

    public ReviewResponse request(TrustmapPrincipal who, Actor actor, ReviewRequest request) {
        if (request == null || request.purl() == null || request.purl().isBlank()) {
            throw ProblemException.invalid("purl", "purl (the package, without version) is required");
        }
        if (request.reason() == null || request.reason().isBlank() || request.reason().length() > 4000) {
            throw ProblemException.invalid("reason", "reason is required (at most 4,000 characters)");
        }
        String purl;
        try {
            purl = Purls.normalise(request.purl()).packagePurl();
        } catch (MalformedPackageURLException | RuntimeException e) {
            throw new ProblemException(ProblemType.INVALID_PURL, "purl is not a valid package URL: " + e.getMessage());
        }
        for (String[] bound : new String[][] {{"atLeast", request.atLeast()}, {"below", request.below()}}) {
            if (bound[1] != null && (bound[1].isBlank() || bound[1].length() > 500)) {
                throw ProblemException.invalid(bound[0], bound[0] + " must be a version (1–500 characters) or absent");
            }
        }
        ReviewResponse created = db.inTransaction(tx -> {
            PackageEntity pkg = packages.findByPurl(tx, purl)
                    .orElseThrow(() -> ProblemException.notFound("No package " + purl + " in the inventory"));
            OffsetDateTime now = OffsetDateTime.now(clock);
            ReviewRow row = new ReviewRow(UUID.randomUUID(), pkg.getId(), purl, request.atLeast(), request.below(), "proposed",
                    actor(who), request.reason(), null, null, null, null, null, now, now);
            reviews.insert(tx, row);
            policies.markInputsChanged(tx, now);
            ReviewResponse response = view(row);
            audit.record(tx, actor, "review.request", target(purl, row.id()), request.reason(), null, response);
            return response;
        });
        onChange.run();
        return created;
    }

    public ReviewResponse transition(TrustmapPrincipal who, Actor caller, UUID id, TransitionRequest request) {
        if (request == null || request.to() == null || !TRANSITIONS.containsKey(request.to())) {
            throw ProblemException.invalid("to", "to must be one of in_review, approved, approved_with_conditions, rejected, revoked");
        }
        String to = request.to();
        if ((DECISIONS.contains(to) || to.equals("revoked")) && (request.reason() == null || request.reason().isBlank())) {
            throw ProblemException.invalid("reason", "a decision needs a reason");
        }
        if (to.equals("approved_with_conditions") && (request.conditions() == null || request.conditions().isBlank())) {
            throw ProblemException.invalid("conditions", "approved_with_conditions needs the conditions");
        }
        ReviewResponse changed = db.inTransaction(tx -> {
            ReviewRow current = reviews.find(tx, id).orElseThrow(() -> ProblemException.notFound("No review " + id));
            if (!TRANSITIONS.get(current.state()).contains(to)) {
                throw new ProblemException(ProblemType.INVALID_TRANSITION, "A review in state " + current.state() + " cannot go to " + to
                        + (TRANSITIONS.get(current.state()).isEmpty() ? "" : "; allowed: " + String.join(", ", TRANSITIONS.get(current.state()))));
            }
            String actor = actor(who);
            if (DECISIONS.contains(to) && actor.equals(current.requestedBy())) {
                throw new ProblemException(ProblemType.FORBIDDEN, "The requester of a review cannot decide it (four eyes): "
                        + actor + " requested review " + id);
            }
            OffsetDateTime now = OffsetDateTime.now(clock);
            boolean decision = DECISIONS.contains(to) || to.equals("revoked");
            ReviewRow next = new ReviewRow(current.id(), current.packageId(), current.packagePurl(), current.atLeast(), current.below(), to,
                    current.requestedBy(), current.requestReason(), decision ? actor : current.decidedBy(),
                    decision ? request.reason() : current.decisionReason(),
                    to.equals("approved_with_conditions") ? request.conditions() : current.conditions(),
                    DECISIONS.contains(to) ? request.expiresAt() : current.expiresAt(),
                    DECISIONS.contains(to) ? write(basis(reviews.scoresOf(tx, current.packageId()))) : current.basis(),
                    current.createdAt(), now);
            if (!reviews.transition(tx, next, current.state())) {
                throw new ProblemException(ProblemType.CONFLICT, "Review " + id + " was changed meanwhile; read it again");
            }
            policies.markInputsChanged(tx, now);
            ReviewResponse response = view(next);
            audit.record(tx, caller, "review.transition", target(current.packagePurl(), id), request.reason(), view(current), response);
            return response;
        });
        onChange.run();
        return changed;
    }

    public ReviewResponse get(UUID id) {
        return db.inTransaction(tx -> reviews.find(tx, id).map(this::view).orElseThrow(() -> ProblemException.notFound("No review " + id)));
    }

    public Page<ReviewResponse> list(String state, String purl, Paging paging) {
        if (state != null && !TRANSITIONS.containsKey(state)) {
            throw ProblemException.invalid("state", "state must be one of " + String.join(", ", TRANSITIONS.keySet()));
        }
        return db.inTransaction(tx -> new Page<>(reviews.list(tx, state, purl, paging.offset(), paging.limit()).stream()
                .map(this::view).toList(), reviews.count(tx, state, purl), paging.offset(), paging.limit()));
    }

    private static List<Map<String, Object>> basis(List<String[]> scores) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String[] s : scores) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", s[0]);
            m.put("grade", s[1]);
            m.put("provenance", Integer.parseInt(s[2]));
            m.put("health", Integer.parseInt(s[3]));
            m.put("modelVersion", s[4]);
            m.put("evidenceStatus", s[5]);
            out.add(m);
        }
        return out;
    }

    private ReviewResponse view(ReviewRow r) {
        List<Map<String, Object>> basis = List.of();
        if (r.basis() != null) {
            try {
                basis = json.readValue(r.basis(), new TypeReference<List<Map<String, Object>>>() { });
            } catch (JsonProcessingException e) {
                basis = List.of();
            }
        }
        return new ReviewResponse(r.id(), r.packagePurl(), r.atLeast(), r.below(), r.state(), r.requestedBy(), r.requestReason(),
                r.decidedBy(), r.decisionReason(), r.conditions(), r.expiresAt(), basis, r.createdAt(), r.updatedAt());
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
