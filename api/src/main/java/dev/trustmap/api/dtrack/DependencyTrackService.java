package dev.trustmap.api.dtrack;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustmap.api.bom.BomCompatibilityService;
import dev.trustmap.api.dtrack.model.DtMetrics;
import dev.trustmap.api.dtrack.model.DtProject;
import dev.trustmap.api.dtrack.model.DtTeam;
import dev.trustmap.api.dtrack.model.DtViolation;
import dev.trustmap.api.platform.http.ProblemException;
import dev.trustmap.api.platform.http.ProblemType;
import dev.trustmap.api.platform.security.Roles;
import dev.trustmap.api.platform.security.TrustmapPrincipal;
import dev.trustmap.api.sbom.IngestionService;
import dev.trustmap.api.platform.http.Page;
import dev.trustmap.database.platform.Database;
import dev.trustmap.database.platform.Tx;
import dev.trustmap.database.policy.EvaluationRow;
import dev.trustmap.database.policy.FindingRow;
import dev.trustmap.database.policy.PolicyRepository;
import dev.trustmap.database.sbom.SbomRepository;
import dev.trustmap.database.sbom.SbomSnapshotEntity;
import dev.trustmap.database.service.ServiceEntity;
import dev.trustmap.database.service.ServiceRepository;
import dev.trustmap.scanner.sbom.Purls;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Dependency-Track's project, violation and metrics reads, answered from Trustmap's services:
 * a project is a service (its uuid is the service id, for every version), a project version is a
 * snapshot label, violations are the findings of the current snapshot's stored evaluation. A
 * service-scoped token sees only its service (others answer {@code 403}, as Dependency-Track does
 * for a project outside the key's team).
 */
public final class DependencyTrackService {
    private final Database db;
    private final ServiceRepository services;
    private final SbomRepository sboms;
    private final PolicyRepository policies;
    private final ObjectMapper json;

    public DependencyTrackService(Database db, ServiceRepository services, SbomRepository sboms, PolicyRepository policies,
                                  ObjectMapper json) {
        this.db = db;
        this.services = services;
        this.sboms = sboms;
        this.policies = policies;
        this.json = json;
    }

    /**
     * The project {@code name} at {@code version}: the service whose slug the name makes (as the
     * upload does), if that version was uploaded (a snapshot or a job with that label, so a lookup
     * right after an upload finds it while it is processed). Without a version, the service.
     */
    public DtProject lookup(TrustmapPrincipal who, String name, String version) {
        if (name == null || name.isBlank()) {
            throw ProblemException.invalid("name", "name (the project name) is required");
        }
        String slug = BomCompatibilityService.slug(name);
        return db.inTransaction(tx -> {
            ServiceEntity service = services.findBySlug(tx, slug)
                    .orElseThrow(() -> ProblemException.notFound("No project " + name + " (Trustmap service " + slug + ")"));
            requireAccess(who, service);
            if (version != null && !version.isEmpty() && !sboms.hasLabel(tx, service.getId(), version)) {
                throw ProblemException.notFound("Project " + name + " has no version " + version + " (no upload with that label)");
            }
            return project(tx, service, name, version == null || version.isEmpty() ? null : version, true);
        });
    }

    public DtProject get(TrustmapPrincipal who, String uuid) {
        return db.inTransaction(tx -> {
            ServiceEntity service = find(tx, who, uuid);
            return project(tx, service, null, null, true);
        });
    }

    /** Projects by name (exact, as its slug), a page at a time ({@code pageNumber} from 1); a scoped token sees its own. */
    public Page<DtProject> list(TrustmapPrincipal who, String name, int pageNumber, int pageSize) {
        long from = (long) (pageNumber - 1) * pageSize;
        return db.inTransaction(tx -> {
            List<DtProject> items = new ArrayList<>();
            String named = name == null || name.isBlank() ? null : BomCompatibilityService.slug(name);
            if (named != null || who.services() != null) {
                // a scoped caller sees its own services, and only under their own names
                List<ServiceEntity> found = new ArrayList<>();
                for (String slug : who.services() != null ? new java.util.TreeSet<>(who.services()) : java.util.Set.of(named)) {
                    services.findBySlug(tx, slug).filter(s -> named == null || named.equals(s.getSlug())).ifPresent(found::add);
                }
                for (long i = from; i < found.size() && items.size() < pageSize; i++) {
                    items.add(project(tx, found.get((int) i), name, null, false));
                }
                return new Page<>(items, found.size(), (int) Math.min(from, Integer.MAX_VALUE), pageSize);
            }
            long total = services.count(tx);
            if (from < total) {
                for (ServiceEntity service : services.list(tx, (int) from, pageSize)) {
                    items.add(project(tx, service, null, null, false));
                }
            }
            return new Page<>(items, total, (int) Math.min(from, Integer.MAX_VALUE), pageSize);
        });
    }

    /**
     * A project update ({@code PATCH}, or {@code POST} with the whole project). Trustmap keeps none of
     * Dependency-Track's project metadata (description, tags, parent, classifier, latest flag…): an
     * update of an existing project changes nothing and says so ({@code 304}, which clients take as
     * success); its name and uuid cannot be changed through it.
     */
    public void update(TrustmapPrincipal who, String uuid, Map<String, Object> body) {
        if (body == null) {
            throw ProblemException.invalid("body", "a JSON object with the project's fields is required");
        }
        Object given = body.get("uuid");
        if (uuid == null) {
            if (!(given instanceof String s) || s.isBlank()) {
                throw ProblemException.invalid("uuid", "the project's uuid is required");
            }
            uuid = s;
        } else if (given != null && !uuid.equals(String.valueOf(given))) {
            throw ProblemException.invalid("uuid", "the body's uuid " + given + " is not the project " + uuid + " of the path");
        }
        String id = uuid;
        db.inTransaction(tx -> {
            ServiceEntity service = find(tx, who, id);
            Object name = body.get("name");
            if (name != null && !(name instanceof String n && BomCompatibilityService.slug(n).equals(service.getSlug()))) {
                throw new ProblemException(ProblemType.CONFLICT, "A project's name is its Trustmap service (" + service.getSlug()
                        + ") and cannot be changed here");
            }
            return null;
        });
    }

    public Page<DtViolation> violations(TrustmapPrincipal who, String uuid, int pageNumber, int pageSize) {
        return db.inTransaction(tx -> {
            ServiceEntity service = find(tx, who, uuid);
            List<FindingRow> findings = service.getCurrentSnapshotId() == null ? List.of()
                    : policies.findings(tx, service.getCurrentSnapshotId());
            EvaluationRow evaluation = service.getCurrentSnapshotId() == null ? null
                    : policies.evaluation(tx, service.getCurrentSnapshotId()).orElse(null);
            long at = evaluation == null ? 0 : millis(evaluation.evaluatedAt());
            List<DtViolation> items = new ArrayList<>();
            long from = (long) (pageNumber - 1) * pageSize;
            for (long i = from; i < findings.size() && i < from + pageSize; i++) {
                items.add(violation(findings.get((int) i), service, at));
            }
            return new Page<>(items, findings.size(), (int) Math.min(from, Integer.MAX_VALUE), pageSize);
        });
    }

    public DtMetrics metrics(TrustmapPrincipal who, String uuid) {
        return db.inTransaction(tx -> {
            ServiceEntity service = find(tx, who, uuid);
            return metrics(tx, service, current(tx, service));
        });
    }

    /** Vulnerability findings: Trustmap does not match vulnerabilities, so none (after the project is checked). */
    public List<Object> findings(TrustmapPrincipal who, String uuid) {
        db.inTransaction(tx -> find(tx, who, uuid));
        return List.of();
    }

    /** The key as Dependency-Track's team: its name and the Dependency-Track permissions its roles amount to. */
    public static DtTeam team(TrustmapPrincipal who) {
        List<DtTeam.Permission> permissions = new ArrayList<>();
        if (who.hasRole(Roles.SCANNER)) {
            permissions.add(new DtTeam.Permission("BOM_UPLOAD", "upload SBOMs (Trustmap role scanner)"));
            permissions.add(new DtTeam.Permission("PROJECT_CREATION_UPLOAD", "create a service by uploading (Trustmap role scanner)"));
        }
        if (who.hasRole(Roles.SCANNER) || who.hasRole(Roles.VIEWER) || who.hasRole(Roles.REVIEWER)) {
            permissions.add(new DtTeam.Permission("VIEW_PORTFOLIO", "read services and snapshots"));
            permissions.add(new DtTeam.Permission("VIEW_POLICY_VIOLATION", "read policy findings"));
        }
        if (who.hasRole(Roles.ADMIN)) {
            permissions.add(new DtTeam.Permission("PORTFOLIO_MANAGEMENT", "manage services (Trustmap role admin)"));
        }
        return new DtTeam(who.tokenId(), who.getName(), permissions);
    }

    private ServiceEntity find(Tx tx, TrustmapPrincipal who, String uuid) {
        UUID id;
        try {
            id = UUID.fromString(uuid);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("No project " + uuid + " (a project uuid is a UUID)");
        }
        ServiceEntity service = services.find(tx, id).orElseThrow(() -> ProblemException.notFound("No project " + uuid));
        requireAccess(who, service);
        return service;
    }

    private static void requireAccess(TrustmapPrincipal who, ServiceEntity service) {
        if (!who.mayActFor(service.getSlug())) {
            throw new ProblemException(ProblemType.FORBIDDEN, "This token is limited to " + who.scope()
                    + "; access to the project " + service.getSlug() + " is forbidden");
        }
    }

    private DtProject project(Tx tx, ServiceEntity service, String askedName, String askedVersion, boolean withMetrics) {
        SbomSnapshotEntity current = current(tx, service);
        String currentLabel = current == null ? null : current.getLabel();
        String version = askedVersion != null ? askedVersion : currentLabel;
        String name = askedName != null ? askedName : service.getDisplayName() != null ? service.getDisplayName() : service.getSlug();
        return new DtProject(service.getId(), name, version, service.getDisplayName(), "APPLICATION", true,
                current != null && java.util.Objects.equals(version, currentLabel), List.of(),
                current == null ? null : millis(current.getUploadedAt()),
                current == null ? null : "CycloneDX " + current.getSpecVersion(), current == null ? null : 0.0,
                withMetrics && current != null ? metrics(tx, service, current) : null);
    }

    private SbomSnapshotEntity current(Tx tx, ServiceEntity service) {
        return service.getCurrentSnapshotId() == null ? null : sboms.find(tx, service.getCurrentSnapshotId()).orElse(null);
    }

    /** @param current the service's current snapshot (read once by the caller), or null */
    private DtMetrics metrics(Tx tx, ServiceEntity service, SbomSnapshotEntity current) {
        int[] bySeverity = new int[3];
        long first = millis(service.getCreatedAt());
        long last = first;
        if (current != null) {
            first = millis(current.getUploadedAt());
            last = first;
            for (FindingRow finding : policies.findings(tx, current.getId())) {
                bySeverity[switch (finding.severity()) {
                    case "fail" -> 0;
                    case "warn" -> 1;
                    default -> 2;
                }]++;
            }
            Optional<EvaluationRow> evaluation = policies.evaluation(tx, current.getId());
            if (evaluation.isPresent()) {
                last = Math.max(last, millis(evaluation.get().evaluatedAt()));
            }
        }
        int total = bySeverity[0] + bySeverity[1] + bySeverity[2];
        return new DtMetrics(0, 0, 0, 0, 0, 0, 0, current == null ? 0 : current.getComponentCount(), 0, 0, 0, 0, 0.0,
                bySeverity[0], bySeverity[1], bySeverity[2], total, 0, total, 0, 0, total, first, last);
    }

    private DtViolation violation(FindingRow f, ServiceEntity service, long at) {
        Map<String, Object> stored = read(f.basis());
        String expression = String.valueOf(stored.getOrDefault("expression", ""));
        UUID policyId = nameUuid("policy:" + f.policyName());
        DtViolation.Component component;
        if ("component".equals(f.subjectKind())) {
            component = component(f.subject());
        } else {
            component = new DtViolation.Component(nameUuid(f.subjectKind() + ":" + f.subject()), null, f.subject(),
                    null, null);
        }
        return new DtViolation(f.id(), "OPERATIONAL", at, f.message(), component,
                new DtViolation.Condition(nameUuid("condition:" + f.policyName() + ":" + f.policyVersion()), "COORDINATES",
                        "MATCHES", expression, new DtViolation.Policy(policyId, f.policyName(), "ANY",
                        f.severity().toUpperCase(Locale.ROOT))));
    }

    private static DtViolation.Component component(String purl) {
        try {
            Purls.Normalised p = Purls.normalise(purl);
            return new DtViolation.Component(IngestionService.versionId(p.versionPurl()), p.namespace(), p.name(), p.version(),
                    p.versionPurl());
        } catch (Exception e) {
            return new DtViolation.Component(nameUuid("component:" + purl), null, purl, null, purl);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> read(String basis) {
        try {
            return json.readValue(basis, Map.class);
        } catch (Exception e) {
            return Map.of();
        }
    }

    private static UUID nameUuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    private static long millis(OffsetDateTime time) {
        return time.toInstant().toEpochMilli();
    }
}
