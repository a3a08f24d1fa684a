package dev.trustmap.api.evidence;

import dev.trustmap.api.platform.http.Paging;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.packageurl.MalformedPackageURLException;
import dev.trustmap.api.evidence.model.EventsResponse;
import dev.trustmap.api.evidence.model.EvidenceItemView;
import dev.trustmap.api.evidence.model.ExplanationView;
import dev.trustmap.api.evidence.model.PortfolioSummary;
import dev.trustmap.api.evidence.model.TrustEventView;
import dev.trustmap.api.evidence.model.TrustView;
import dev.trustmap.api.platform.http.ProblemException;
import dev.trustmap.api.platform.http.ProblemType;
import dev.trustmap.database.evidence.EvidenceRepository;
import dev.trustmap.database.evidence.EvidenceRow;
import dev.trustmap.database.evidence.GradeCount;
import dev.trustmap.database.evidence.ScoredVersion;
import dev.trustmap.database.evidence.TrustEventRow;
import dev.trustmap.database.pkg.PackageEntity;
import dev.trustmap.database.pkg.PackageRepository;
import dev.trustmap.database.platform.Database;
import dev.trustmap.database.platform.Tx;
import dev.trustmap.policy.score.ScoringModel;
import dev.trustmap.scanner.sbom.Purls;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The read side of trust: a version's evidence and score, trust events, the portfolio summary, manual refresh. */
public final class TrustReportService {
    public static final int MAX_WINDOW_HOURS = 24 * 90;
    /** The one system event of the feed: the scoring model changed (once per model version, not per package). */
    static final String MODEL_CHANGED = "model-changed";

    private final Database db;
    private final EvidenceRepository evidence;
    private final PackageRepository packages;
    private final ObjectMapper json;
    private final Clock clock;

    public TrustReportService(Database db, EvidenceRepository evidence, PackageRepository packages, ObjectMapper json, Clock clock) {
        this.db = db;
        this.evidence = evidence;
        this.packages = packages;
        this.json = json;
        this.clock = clock;
    }

    /** The stored evidence of a version (used inside the package detail's transaction). */
    public TrustView trust(Tx tx, UUID versionId) {
        return evidence.find(tx, versionId).map(this::view).orElse(TrustView.pending());
    }

    public EventsResponse packageEvents(String rawPurl, Integer windowHours, Paging paging) {
        String purl = packagePurl(rawPurl);
        int hours = window(windowHours, 24 * 30);
        OffsetDateTime since = OffsetDateTime.now(clock).minusHours(hours);
        return db.inTransaction(tx -> {
            PackageEntity pkg = packages.findByPurl(tx, purl)
                    .orElseThrow(() -> ProblemException.notFound("No package " + purl + " in the inventory"));
            return response(tx, evidence.events(tx, pkg.getId(), since, paging.offset(), paging.limit()),
                    evidence.countEvents(tx, pkg.getId(), since), since, hours, paging);
        });
    }

    /**
     * The feed: events of packages in current use and the scoring model's changes (a handful at most),
     * newest first (a package event before a model change of the same instant). A page is cut from the
     * two by where each model change falls among the package events.
     */
    public EventsResponse portfolioEvents(Integer windowHours, Paging paging) {
        int hours = window(windowHours, 24);
        OffsetDateTime since = OffsetDateTime.now(clock).minusHours(hours);
        return db.inTransaction(tx -> {
            List<TrustEventRow> inPage = new ArrayList<>();
            int before = 0;
            List<EvidenceRepository.ModelChangeRow> changes = new ArrayList<>(evidence.modelChanges(tx, since));
            changes.sort(java.util.Comparator.comparing(EvidenceRepository.ModelChangeRow::changedAt).reversed());
            for (int j = 0; j < changes.size(); j++) {
                EvidenceRepository.ModelChangeRow change = changes.get(j);
                long position = j + evidence.countPortfolioEvents(tx, change.changedAt());
                if (position < paging.offset()) {
                    before++;
                } else if (position < (long) paging.offset() + paging.limit()) {
                    inPage.add(new TrustEventRow(null, null, null, change.modelVersion(), MODEL_CHANGED, change.changedAt(),
                            change.changedAt(), "scoring model " + change.modelVersion() + " replaced " + change.previousVersions() + "; "
                            + change.rescored() + " stored score(s) recomputed from their evidence (see the README's scoring model)",
                            null, null));
                }
            }
            List<TrustEventRow> rows = new ArrayList<>(evidence.portfolioEvents(tx, since, paging.offset() - before,
                    paging.limit() - inPage.size()));
            rows.addAll(inPage);
            rows.sort(java.util.Comparator.comparing(TrustEventRow::occurredAt).reversed()
                    .thenComparing(r -> MODEL_CHANGED.equals(r.kind()) ? 1 : 0));
            return response(tx, rows, evidence.countPortfolioEvents(tx, since) + changes.size(), since, hours, paging);
        });
    }

    public PortfolioSummary summary() {
        return db.inTransaction(tx -> {
            Map<String, Long> grades = new LinkedHashMap<>();
            for (String g : List.of("A", "B", "C", "D", "F", "pending")) {
                grades.put(g, 0L);
            }
            long total = 0;
            for (GradeCount c : evidence.grades(tx)) {
                grades.put(c.grade(), c.versions());
                total += c.versions();
            }
            return new PortfolioSummary(ScoringModel.VERSION, total, grades, evidence.countWithGaps(tx),
                    evidence.worst(tx, false, 20).stream().map(TrustReportService::scored).toList(),
                    evidence.worst(tx, true, 20).stream().map(TrustReportService::scored).toList());
        });
    }

    /** Makes every version of the package due for collection now. */
    public int refresh(String rawPurl) {
        String purl = packagePurl(rawPurl);
        return db.inTransaction(tx -> {
            PackageEntity pkg = packages.findByPurl(tx, purl)
                    .orElseThrow(() -> ProblemException.notFound("No package " + purl + " in the inventory"));
            return evidence.makeDue(tx, pkg.getId(), OffsetDateTime.now(clock));
        });
    }

    private EventsResponse response(Tx tx, List<TrustEventRow> shown, long total, OffsetDateTime since, int hours, Paging paging) {
        Map<String, List<String>> services = new LinkedHashMap<>();
        for (String[] pair : evidence.servicesUsing(tx, shown.stream().map(TrustEventRow::packageId).filter(java.util.Objects::nonNull)
                .distinct().toList())) {
            services.computeIfAbsent(pair[0], k -> new ArrayList<>()).add(pair[1]);
        }
        List<TrustEventView> events = shown.stream().map(e -> new TrustEventView(e.kind(), e.packagePurl(), e.version(), e.occurredAt(),
                e.detectedAt(), e.detail(), e.source(), e.packageId() == null ? List.of()
                : services.getOrDefault(e.packageId().toString(), List.of()))).toList();
        return new EventsResponse(events, total, paging.offset(), paging.limit(), since, hours);
    }

    private TrustView view(EvidenceRow row) {
        return new TrustView(row.status(), row.collectedAt(), row.registry(), row.grade(), row.provenance(), row.health(),
                row.modelVersion(), read(row.explanations(), new TypeReference<List<ExplanationView>>() { }),
                read(row.gaps(), new TypeReference<List<String>>() { }), read(row.items(), new TypeReference<List<EvidenceItemView>>() { }),
                read(row.problems(), new TypeReference<List<String>>() { }));
    }

    private static PortfolioSummary.ScoredVersionView scored(ScoredVersion v) {
        return new PortfolioSummary.ScoredVersionView(v.purl(), v.grade(), v.provenance(), v.health(), v.gapCount(), v.services());
    }

    private static int window(Integer hours, int fallback) {
        if (hours == null) {
            return fallback;
        }
        if (hours < 1 || hours > MAX_WINDOW_HOURS) {
            throw ProblemException.invalid("windowHours", "1–" + MAX_WINDOW_HOURS);
        }
        return hours;
    }

    private static String packagePurl(String raw) {
        if (raw == null || raw.isBlank()) {
            throw ProblemException.invalid("purl", "a package URL such as pkg:npm/left-pad is required");
        }
        try {
            return Purls.normalise(raw).packagePurl();
        } catch (MalformedPackageURLException e) {
            throw new ProblemException(ProblemType.INVALID_PURL, "Invalid package URL \""
                    + (raw.length() > 200 ? raw.substring(0, 200) + "…" : raw) + "\": " + e.getMessage());
        }
    }

    private <T> List<T> read(String text, TypeReference<List<T>> type) {
        try {
            return text == null ? List.of() : json.readValue(text, type);
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }
}
