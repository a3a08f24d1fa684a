package dev.trustmap.api.pkg;

import dev.trustmap.api.platform.http.Paging;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.packageurl.MalformedPackageURLException;
import dev.trustmap.api.evidence.TrustReportService;
import dev.trustmap.api.pkg.model.PackageDetail;
import dev.trustmap.api.pkg.model.PackageSummary;
import dev.trustmap.api.pkg.model.PackageVersionView;
import dev.trustmap.api.pkg.model.UsageResponse;
import dev.trustmap.api.platform.http.ProblemException;
import dev.trustmap.api.platform.http.ProblemType;
import dev.trustmap.api.platform.http.Page;
import dev.trustmap.database.pkg.PackageEntity;
import dev.trustmap.database.pkg.PackageRepository;
import dev.trustmap.database.pkg.PackageVersionEntity;
import dev.trustmap.database.pkg.UsageView;
import dev.trustmap.database.platform.Database;
import dev.trustmap.scanner.sbom.Purls;
import dev.trustmap.scanner.version.VersionOrdering;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Packages and usage search. Version filters use the package ecosystem's own version ordering. */
public final class PackageCatalogService {
    private static final Pattern ECOSYSTEM = Pattern.compile("[a-z0-9.+-]{1,50}");
    private final Database db;
    private final PackageRepository packages;
    private final ObjectMapper json;
    private final TrustReportService trust;

    public PackageCatalogService(Database db, PackageRepository packages, ObjectMapper json, TrustReportService trust) {
        this.db = db;
        this.packages = packages;
        this.json = json;
        this.trust = trust;
    }

    public Page<PackageSummary> list(String ecosystem, String namePrefix, int offset, int limit) {
        if (ecosystem != null && !ECOSYSTEM.matcher(ecosystem).matches()) {
            throw ProblemException.invalid("ecosystem", "a purl type such as maven or npm");
        }
        if (namePrefix != null && namePrefix.length() > 200) {
            throw ProblemException.invalid("prefix", "at most 200 characters");
        }
        return db.inTransaction(tx -> new Page<>(packages.list(tx, ecosystem, namePrefix, offset, limit).stream()
                .map(p -> new PackageSummary(p.purl(), p.ecosystem(), p.namespace(), p.name(), p.versionCount(), p.serviceCount()))
                .toList(), packages.count(tx, ecosystem, namePrefix), offset, limit));
    }

    public PackageDetail get(String rawPurl) {
        Purls.Normalised purl = parse(rawPurl);
        return db.inTransaction(tx -> {
            PackageEntity pkg = packages.findByPurl(tx, purl.packagePurl())
                    .orElseThrow(() -> ProblemException.notFound("No package " + purl.packagePurl() + " in the inventory"));
            List<UsageView> usages = packages.currentUsages(tx, pkg.getId());
            Comparator<String> order = VersionOrdering.forEcosystem(pkg.getEcosystem());
            List<PackageVersionView> versions = packages.versions(tx, pkg.getId()).stream()
                    .sorted(Comparator.comparing(PackageVersionEntity::getVersion, order).reversed()
                            .thenComparing(PackageVersionEntity::getQualifiers))
                    .map(v -> new PackageVersionView(v.getVersion(), v.getPurl(), v.getQualifiers(),
                            read(v.getHashes(), new TypeReference<Map<String, String>>() { }, Map.of()),
                            read(v.getLicenses(), new TypeReference<List<String>>() { }, List.of()),
                            v.getSupplier(), v.getCreatedAt(),
                            usages.stream().filter(u -> u.versionPurl().equals(v.getPurl())).map(UsageView::service).distinct().toList(),
                            trust.trust(tx, v.getId())))
                    .toList();
            return new PackageDetail(pkg.getPurl(), pkg.getEcosystem(), pkg.getNamespace(), pkg.getName(), versions);
        });
    }

    /**
     * Which services use the package, optionally only versions {@code below} a bound, at or
     * {@code atLeast} a bound, or exactly {@code version}. A version in the purl itself counts as
     * {@code version}.
     */
    public UsageResponse usages(String rawPurl, String below, String atLeast, String version, Paging paging) {
        Purls.Normalised purl = parse(rawPurl);
        String exact = version != null ? version : purl.version();
        if (exact != null && (below != null || atLeast != null)) {
            throw new ProblemException(ProblemType.VALIDATION, "Give either an exact version or a range (below / atLeast), not both");
        }
        for (String[] bound : new String[][] {{"below", below}, {"atLeast", atLeast}, {"version", version}}) {
            if (bound[1] != null && (bound[1].isBlank() || bound[1].length() > 200)) {
                throw ProblemException.invalid(bound[0], "a version of 1–200 characters");
            }
        }
        Comparator<String> order = VersionOrdering.forEcosystem(purl.ecosystem());
        Predicate<String> matches = v -> true;
        List<String> filter = new ArrayList<>();
        if (exact != null) {
            matches = v -> order.compare(v, exact) == 0;
            filter.add("= " + exact);
        }
        if (below != null) {
            matches = matches.and(v -> order.compare(v, below) < 0);
            filter.add("< " + below);
        }
        if (atLeast != null) {
            matches = matches.and(v -> order.compare(v, atLeast) >= 0);
            filter.add(">= " + atLeast);
        }
        Predicate<String> versionFilter = matches;
        return db.inTransaction(tx -> {
            List<UsageResponse.Usage> usages = packages.findByPurl(tx, purl.packagePurl())
                    .map(pkg -> packages.currentUsages(tx, pkg.getId()))
                    .orElse(List.of()).stream()
                    .filter(u -> versionFilter.test(u.version()))
                    .map(u -> new UsageResponse.Usage(u.service(), u.serviceTier(), u.version(), u.versionPurl(),
                            u.relationship(), u.scope(), u.snapshotId(), u.snapshotLabel(), u.snapshotUploadedAt()))
                    .toList();
            Page<UsageResponse.Usage> page = Page.of(usages, paging);
            return new UsageResponse(page.items(), page.total(), page.offset(), page.limit(), purl.packagePurl(), purl.ecosystem(),
                    filter.isEmpty() ? "any version" : String.join(" and ", filter),
                    (int) usages.stream().map(UsageResponse.Usage::service).distinct().count());
        });
    }

    private static Purls.Normalised parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw ProblemException.invalid("purl", "a package URL such as pkg:maven/org.apache.logging.log4j/log4j-core is required");
        }
        try {
            return Purls.normalise(raw);
        } catch (MalformedPackageURLException e) {
            throw new ProblemException(ProblemType.INVALID_PURL, "Invalid package URL \""
                    + (raw.length() > 200 ? raw.substring(0, 200) + "…" : raw) + "\": " + e.getMessage());
        }
    }

    private <T> T read(String text, TypeReference<T> type, T fallback) {
        if (text == null) {
            return fallback;
        }
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            return fallback;
        }
    }
}
