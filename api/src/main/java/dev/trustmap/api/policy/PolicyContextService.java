package dev.trustmap.api.policy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustmap.database.contract.ContractEntity;
import dev.trustmap.database.policy.ComponentFactsRow;
import dev.trustmap.database.policy.EventFactsRow;
import dev.trustmap.database.policy.EvidenceDetailsRow;
import dev.trustmap.database.provider.ProviderEntity;
import dev.trustmap.database.review.ReviewRow;
import dev.trustmap.database.service.ServiceEntity;
import dev.trustmap.policy.cel.PolicyFacts.ComponentContext;
import dev.trustmap.policy.cel.PolicyFacts.ContractFacts;
import dev.trustmap.policy.cel.PolicyFacts.DependencyContext;
import dev.trustmap.policy.cel.PolicyFacts.EventFacts;
import dev.trustmap.policy.cel.PolicyFacts.EvidenceFacts;
import dev.trustmap.policy.cel.PolicyFacts.PackageFacts;
import dev.trustmap.policy.cel.PolicyFacts.ProviderFacts;
import dev.trustmap.policy.cel.PolicyFacts.ReviewFacts;
import dev.trustmap.policy.cel.PolicyFacts.ScoreFacts;
import dev.trustmap.policy.cel.PolicyFacts.ServiceFacts;
import dev.trustmap.policy.cel.PolicyFacts.SignalFacts;
import dev.trustmap.policy.cel.PolicyFacts.VersionFacts;
import dev.trustmap.policy.evidence.RegistryFacts;
import dev.trustmap.policy.evidence.ReleaseFact;
import dev.trustmap.scanner.version.VersionOrdering;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Builds the typed policy contexts from stored rows: evidence items and registry facts become
 * {@link EvidenceFacts}, reviews are matched to versions, events get their age. Parsed evidence is
 * cached per (version, collection time), so evaluating the same versions again costs no parsing.
 */
public final class PolicyContextService {
    private static final Set<String> DECIDED = Set.of("approved", "approved_with_conditions", "rejected", "revoked");
    private static final int CACHE_SIZE = 50_000;

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Item(String signal, String state, String value) {
    }

    private final ObjectMapper json;
    private final Map<String, EvidenceFacts> cache = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, EvidenceFacts> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    public PolicyContextService(ObjectMapper json) {
        this.json = json;
    }

    public static ServiceFacts service(ServiceEntity s) {
        return new ServiceFacts(s.getSlug(), nz(s.getTier()), split(s.getRegions()), nz(s.getOwnerTeam()));
    }

    /**
     * @param details reads the bulky evidence of versions whose parsed evidence is not cached
     */
    public List<ComponentContext> components(ServiceFacts service, List<ComponentFactsRow> rows,
                                             Function<List<UUID>, List<EvidenceDetailsRow>> details, List<EventFactsRow> events,
                                             List<ReviewRow> reviews, OffsetDateTime now) {
        Map<UUID, EvidenceFacts> evidence = evidence(rows, details);
        Map<UUID, List<EventFactsRow>> eventsByPackage = new HashMap<>();
        for (EventFactsRow e : events) {
            eventsByPackage.computeIfAbsent(e.packageId(), k -> new ArrayList<>()).add(e);
        }
        Map<UUID, List<ReviewRow>> reviewsByPackage = new HashMap<>();
        for (ReviewRow r : reviews) {
            reviewsByPackage.computeIfAbsent(r.packageId(), k -> new ArrayList<>()).add(r);
        }
        List<ComponentContext> contexts = new ArrayList<>(rows.size());
        for (ComponentFactsRow row : rows) {
            boolean pending = row.evidenceStatus() == null;
            List<EventFacts> eventFacts = new ArrayList<>();
            for (EventFactsRow e : eventsByPackage.getOrDefault(row.packageId(), List.of())) {
                eventFacts.add(new EventFacts(e.kind(), e.version(), e.version().equals(row.version()), e.occurredAt().toInstant().toString(),
                        Math.max(0, Duration.between(e.occurredAt(), now).toDays()), nz(e.detail())));
            }
            contexts.add(new ComponentContext(
                    new PackageFacts(row.packagePurl(), row.ecosystem(), nz(row.namespace()), row.name()),
                    new VersionFacts(row.version(), row.versionPurl(), "direct".equals(row.relationship()), nz(row.scope()),
                            list(row.licenses())),
                    pending ? EvidenceFacts.pending() : evidence.get(row.versionId()),
                    pending ? ScoreFacts.pending() : new ScoreFacts(row.provenance(), row.health(), row.grade(), row.modelVersion()),
                    eventFacts,
                    review(reviewsByPackage.getOrDefault(row.packageId(), List.of()), row.ecosystem(), row.version(), now),
                    service));
        }
        return contexts;
    }

    public static List<DependencyContext> dependencies(ServiceFacts service, List<ContractEntity> contracts,
                                                       Map<String, ProviderEntity> providers) {
        List<DependencyContext> out = new ArrayList<>();
        for (ContractEntity c : contracts) {
            if (c.isRemoved()) {
                continue;
            }
            ProviderEntity p = c.getProvider() == null ? null : providers.get(c.getProvider());
            out.add(new DependencyContext(service, new ContractFacts(c.getName(), nz(c.getMode()), nz(c.getProvider()),
                    nz(c.getCapability()), nz(c.getTargetService()), Boolean.TRUE.equals(c.getCrossRegion()), nz(c.getDegradedBehavior()),
                    nz(c.getFallback()), nz(c.getUserImpact()), nz(c.getRunbook()), c.getTimeoutMs() == null ? 0 : c.getTimeoutMs(),
                    nz(c.getDelivery()), nz(c.getIdempotency()), nz(c.getOrderingGuarantee())),
                    p == null ? ProviderFacts.NONE : new ProviderFacts(p.getName(), split(p.getCapabilities()), split(p.getRegions()),
                            nz(p.getDataResidency()))));
        }
        return out;
    }

    /** The review that applies to a version: the latest decision on a range containing it, else the latest open request. */
    static ReviewFacts review(List<ReviewRow> reviews, String ecosystem, String version, OffsetDateTime now) {
        Comparator<String> order = VersionOrdering.forEcosystem(ecosystem);
        ReviewRow decided = null;
        ReviewRow open = null;
        for (ReviewRow r : reviews) {
            if (!covers(r, version, order)) {
                continue;
            }
            if (DECIDED.contains(r.state())) {
                if (decided == null || r.updatedAt().isAfter(decided.updatedAt())) {
                    decided = r;
                }
            } else if (open == null || r.updatedAt().isAfter(open.updatedAt())) {
                open = r;
            }
        }
        ReviewRow r = decided != null ? decided : open;
        if (r == null) {
            return ReviewFacts.NONE;
        }
        boolean expired = r.expiresAt() != null && !r.expiresAt().isAfter(now);
        boolean approved = (r.state().equals("approved") || r.state().equals("approved_with_conditions")) && !expired;
        return new ReviewFacts(expired && r.state().startsWith("approved") ? "expired" : r.state(), approved,
                r.state().equals("rejected"), nz(r.decidedBy()), nz(r.decisionReason()));
    }

    private static boolean covers(ReviewRow r, String version, Comparator<String> order) {
        try {
            return (r.atLeast() == null || order.compare(version, r.atLeast()) >= 0)
                    && (r.below() == null || order.compare(version, r.below()) < 0);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private Map<UUID, EvidenceFacts> evidence(List<ComponentFactsRow> rows, Function<List<UUID>, List<EvidenceDetailsRow>> details) {
        Map<UUID, EvidenceFacts> out = new HashMap<>();
        Map<UUID, ComponentFactsRow> missing = new HashMap<>();
        synchronized (cache) {
            for (ComponentFactsRow row : rows) {
                if (row.evidenceStatus() == null) {
                    continue;
                }
                EvidenceFacts cached = cache.get(key(row));
                if (cached != null) {
                    out.put(row.versionId(), cached);
                } else {
                    missing.put(row.versionId(), row);
                }
            }
        }
        if (!missing.isEmpty()) {
            for (EvidenceDetailsRow d : details.apply(new ArrayList<>(missing.keySet()))) {
                ComponentFactsRow row = missing.remove(d.versionId());
                if (row != null) {
                    EvidenceFacts facts = parse(row, d);
                    out.put(row.versionId(), facts);
                    synchronized (cache) {
                        cache.put(key(row), facts);
                    }
                }
            }
            for (ComponentFactsRow row : missing.values()) {
                out.put(row.versionId(), parse(row, new EvidenceDetailsRow(row.versionId(), null, null, null)));
            }
        }
        return out;
    }

    private static String key(ComponentFactsRow row) {
        return row.versionId() + "@" + row.collectedAt();
    }

    private EvidenceFacts parse(ComponentFactsRow row, EvidenceDetailsRow details) {
        List<Item> items = read(details.items(), new TypeReference<List<Item>>() { }, List.of());
        List<String> gaps = read(details.gaps(), new TypeReference<List<String>>() { }, List.of());
        RegistryFacts facts = details.facts() == null ? null : read(details.facts(), new TypeReference<RegistryFacts>() { }, null);
        Map<String, Item> bySignal = new HashMap<>();
        List<SignalFacts> signals = new ArrayList<>();
        for (Item item : items) {
            bySignal.putIfAbsent(item.signal(), item);
            signals.add(new SignalFacts(nz(item.signal()), nz(item.state()), nz(item.value())));
        }
        ReleaseFact release = facts == null ? null : facts.release(row.version()).orElse(null);
        ReleaseFact previous = facts == null ? null : facts.predecessor(row.version()).orElse(null);
        boolean provenance = isTrue(bySignal.get("sigstore")) || isTrue(bySignal.get("attestation"));
        boolean signed = release != null && release.signed() != null ? release.signed() : provenance
                || known(bySignal.get("sigstore")) && "present".equals(bySignal.get("sigstore").state());
        return new EvidenceFacts(row.evidenceStatus(), row.collectedAt().toInstant().toString(), signed,
                previous != null && Boolean.TRUE.equals(previous.signed()), provenance,
                known(bySignal.get("hash")) && bySignal.get("hash").value() != null && bySignal.get("hash").value().startsWith("false"),
                isTrue(bySignal.get("deprecated")), isTrue(bySignal.get("install-scripts")),
                release == null ? "" : nz(release.publisher()), previous == null ? "" : nz(previous.publisher()), gaps, signals);
    }

    private static boolean known(Item item) {
        return item != null && ("present".equals(item.state()) || "stale".equals(item.state()));
    }

    private static boolean isTrue(Item item) {
        return known(item) && item.value() != null && item.value().startsWith("true");
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

    private List<String> list(String jsonArray) {
        return read(jsonArray, new TypeReference<List<String>>() { }, List.of());
    }

    private static List<String> split(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return List.of();
        }
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
