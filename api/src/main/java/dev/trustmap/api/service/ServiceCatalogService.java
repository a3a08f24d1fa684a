package dev.trustmap.api.service;

import dev.trustmap.api.audit.Actor;
import dev.trustmap.api.audit.AuditService;
import dev.trustmap.api.platform.http.ProblemException;
import dev.trustmap.api.platform.http.ProblemType;
import dev.trustmap.api.incident.IncidentGraphJob;
import dev.trustmap.api.platform.http.Page;
import dev.trustmap.api.service.model.ServiceRequest;
import dev.trustmap.api.service.model.ServiceResponse;
import dev.trustmap.api.service.model.SnapshotSummary;
import dev.trustmap.database.contract.ContractRepository;
import dev.trustmap.database.platform.Database;
import dev.trustmap.database.platform.Tx;
import dev.trustmap.database.sbom.SbomRepository;
import dev.trustmap.database.sbom.SbomSnapshotEntity;
import dev.trustmap.database.service.ServiceEntity;
import dev.trustmap.database.service.ServiceRepository;
import java.net.URI;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Services: registration, listing and detail with snapshot history. */
public final class ServiceCatalogService {
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");
    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,49}");
    private static final Set<String> TIERS = Set.of("critical", "high", "standard");
    private static final int HISTORY_LIMIT = 100;

    private final Database db;
    private final ServiceRepository services;
    private final SbomRepository sboms;
    private final ContractRepository contracts;
    private final IncidentGraphJob graph;
    private final AuditService audit;
    private final Clock clock;

    public ServiceCatalogService(Database db, ServiceRepository services, SbomRepository sboms, ContractRepository contracts,
                                 IncidentGraphJob graph, AuditService audit, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.services = services;
        this.sboms = sboms;
        this.contracts = contracts;
        this.graph = graph;
        this.clock = clock;
    }

    public static void requireSlug(String slug) {
        if (slug == null || !SLUG.matcher(slug).matches()) {
            throw ProblemException.invalid("service", "a service name is 1–100 characters of a-z, 0-9 and '-', starting with a letter or digit");
        }
    }

    public ServiceResponse create(ServiceRequest request, Actor actor) {
        if (request == null) {
            throw ProblemException.invalid("body", "a JSON object with at least \"slug\" is required");
        }
        List<ProblemException.FieldError> errors = new ArrayList<>();
        if (request.slug() == null || !SLUG.matcher(request.slug()).matches()) {
            errors.add(new ProblemException.FieldError("slug", "1–100 characters of a-z, 0-9 and '-', starting with a letter or digit"));
        }
        String tier = request.tier() == null ? "standard" : request.tier();
        if (!TIERS.contains(tier)) {
            errors.add(new ProblemException.FieldError("tier", "one of critical, high, standard"));
        }
        List<String> regions = request.regions() == null ? List.of() : request.regions();
        for (String region : regions) {
            if (region == null || !REGION.matcher(region).matches()) {
                errors.add(new ProblemException.FieldError("regions", "each region is 1–50 characters of a-z, 0-9 and '-'"));
                break;
            }
        }
        if (request.repositoryUrl() != null && !isHttpUrl(request.repositoryUrl())) {
            errors.add(new ProblemException.FieldError("repositoryUrl", "an http(s) URL"));
        }
        checkLength(errors, "displayName", request.displayName(), 200);
        checkLength(errors, "ownerTeam", request.ownerTeam(), 200);
        checkLength(errors, "ownerContact", request.ownerContact(), 300);
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION, "The service has " + errors.size() + " invalid field(s)",
                    errors, java.util.Map.of());
        }
        ServiceResponse created = db.inTransaction(tx -> {
            if (services.findBySlug(tx, request.slug()).isPresent()) {
                throw new ProblemException(ProblemType.CONFLICT, "A service named '" + request.slug() + "' already exists");
            }
            ServiceEntity entity = new ServiceEntity(UUID.randomUUID(), request.slug(), OffsetDateTime.now(clock));
            entity.setDisplayName(request.displayName());
            entity.setOwnerTeam(request.ownerTeam());
            entity.setOwnerContact(request.ownerContact());
            entity.setTier(tier);
            entity.setRegions(String.join(",", regions));
            entity.setRepositoryUrl(request.repositoryUrl());
            services.create(tx, entity);
            contracts.markChanged(tx);
            ServiceResponse response = view(tx, entity, false);
            audit.record(tx, actor, "service.create", target(entity.getSlug()), null, null, response);
            return response;
        });
        graph.changed();
        return created;
    }

    /** The service an upload is for; created on the fly only when asked to and allowed to. */
    /** @param displayName the display name of a service created here (kept when it says more than the slug, up to 200 characters), or null */
    public ServiceEntity findForUpload(Tx tx, String slug, boolean create, OffsetDateTime now, String displayName) {
        return services.findBySlug(tx, slug).orElseGet(() -> {
            if (!create) {
                throw ProblemException.notFound("No service named '" + slug
                        + "'; create it first (POST /api/v1/services) or upload with ?autoCreate=true");
            }
            ServiceEntity created = new ServiceEntity(UUID.randomUUID(), slug, now);
            if (displayName != null && !displayName.isBlank() && !displayName.equals(slug) && displayName.length() <= 200
                    && displayName.codePoints().noneMatch(Character::isISOControl)) {
                created.setDisplayName(displayName);
            }
            return services.create(tx, created);
        });
    }

    /** The audit target of a service: {@code service:<slug>} (its contracts and uploads are below it). */
    public static String target(String slug) {
        return "service:" + slug;
    }

    /** Records the creation of a service by an upload ({@code ?autoCreate=true}); call it last in the upload's transaction. */
    public void recordCreatedByUpload(Tx tx, Actor actor, ServiceEntity service) {
        audit.record(tx, actor, "service.create", target(service.getSlug()), "created by an SBOM upload (autoCreate)",
                null, view(tx, service, false));
    }

    public Page<ServiceResponse> list(int offset, int limit) {
        return db.inTransaction(tx -> new Page<>(
                services.list(tx, offset, limit).stream().map(s -> view(tx, s, false)).toList(),
                services.count(tx), offset, limit));
    }

    public ServiceResponse get(String slug) {
        requireSlug(slug);
        return db.inTransaction(tx -> view(tx, services.findBySlug(tx, slug)
                .orElseThrow(() -> ProblemException.notFound("No service named '" + slug + "'")), true));
    }

    private ServiceResponse view(Tx tx, ServiceEntity service, boolean withHistory) {
        SnapshotSummary current = service.getCurrentSnapshotId() == null ? null
                : sboms.find(tx, service.getCurrentSnapshotId()).map(s -> summary(s, service)).orElse(null);
        List<SnapshotSummary> history = withHistory
                ? sboms.history(tx, service.getId(), HISTORY_LIMIT).stream().map(s -> summary(s, service)).toList()
                : null;
        List<String> regions = service.getRegions().isEmpty() ? List.of() : Arrays.asList(service.getRegions().split(","));
        return new ServiceResponse(service.getSlug(), service.getDisplayName(), service.getOwnerTeam(),
                service.getOwnerContact(), service.getTier(), regions, service.getRepositoryUrl(), service.getCreatedAt(),
                current, history);
    }

    public static SnapshotSummary summary(SbomSnapshotEntity s, ServiceEntity service) {
        return new SnapshotSummary(s.getId(), s.getLabel(), s.getFormat(), s.getSpecVersion(), s.getDigest(),
                s.getUploadedBy(), s.getUploadedAt(), s.getComponentCount(), s.getDirectCount(), s.getEdgeCount(),
                s.getSkippedCount(), s.getPreviousSnapshotId(), s.getId().equals(service.getCurrentSnapshotId()));
    }

    private static void checkLength(List<ProblemException.FieldError> errors, String field, String value, int max) {
        if (value != null && value.length() > max) {
            errors.add(new ProblemException.FieldError(field, "at most " + max + " characters"));
        }
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
