package dev.trustmap.api.provider;

import dev.trustmap.api.audit.Actor;
import dev.trustmap.api.audit.AuditService;
import dev.trustmap.api.incident.IncidentGraph;
import dev.trustmap.api.incident.IncidentGraphJob;
import dev.trustmap.api.platform.http.ProblemException;
import dev.trustmap.api.platform.http.ProblemType;
import dev.trustmap.api.provider.model.CapabilityResponse;
import dev.trustmap.api.provider.model.ProviderRequest;
import dev.trustmap.api.provider.model.ProviderResponse;
import dev.trustmap.database.contract.ContractRepository;
import dev.trustmap.database.contract.GraphRows;
import dev.trustmap.database.platform.Database;
import dev.trustmap.database.provider.ProviderEntity;
import dev.trustmap.database.provider.ProviderRepository;
import java.net.URI;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/** Providers, and the capability view ("who handles email, for which services, where"). */
public final class ProviderService {
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");
    /** The capabilities the product names; any other slug is accepted as a free-form extra. */
    public static final List<String> KNOWN_CAPABILITIES = List.of("email", "sms", "queue", "auth", "storage", "database",
            "payment", "model-api", "cdn", "dns", "feature-flags", "secrets", "observability");

    private final Database db;
    private final ProviderRepository providers;
    private final ContractRepository contracts;
    private final IncidentGraphJob graph;
    private final Clock clock;

    private final AuditService audit;

    public ProviderService(Database db, ProviderRepository providers, ContractRepository contracts, IncidentGraphJob graph,
                           AuditService audit, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.providers = providers;
        this.contracts = contracts;
        this.graph = graph;
        this.clock = clock;
    }

    /** Creates or replaces the provider's attributes. */
    public ProviderResponse put(String name, ProviderRequest request, Actor actor) {
        requireSlug("name", name);
        if (request == null) {
            throw ProblemException.invalid("body", "a JSON object is required");
        }
        List<ProblemException.FieldError> errors = new ArrayList<>();
        List<String> capabilities = slugs(errors, "capabilities", request.capabilities());
        List<String> regions = slugs(errors, "regions", request.regions());
        if (request.statusPageUrl() != null && !isHttpUrl(request.statusPageUrl())) {
            errors.add(new ProblemException.FieldError("statusPageUrl", "an http(s) URL"));
        }
        length(errors, "displayName", request.displayName(), 200);
        length(errors, "supportContact", request.supportContact(), 300);
        length(errors, "dataResidency", request.dataResidency(), 200);
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION, "The provider has " + errors.size() + " invalid field(s)", errors, Map.of());
        }
        ProviderResponse saved = db.inTransaction(tx -> {
            OffsetDateTime now = OffsetDateTime.now(clock);
            ProviderEntity provider = providers.findByName(tx, name).orElse(null);
            ProviderResponse before = provider == null ? null : view(provider);
            if (provider == null) {
                provider = new ProviderEntity(UUID.randomUUID(), name, now);
                providers.create(tx, provider);
            }
            provider.setDisplayName(request.displayName());
            provider.setCapabilities(String.join(",", new TreeSet<>(capabilities)));
            provider.setRegions(String.join(",", regions));
            provider.setStatusPageUrl(request.statusPageUrl());
            provider.setSupportContact(request.supportContact());
            provider.setDataResidency(request.dataResidency());
            provider.setUpdatedAt(now);
            contracts.markChanged(tx);
            ProviderResponse after = view(provider);
            if (before == null || !timeless(before).equals(timeless(after))) {
                audit.record(tx, actor, before == null ? "provider.create" : "provider.update", "provider:" + name, null, before, after);
            }
            return after;
        });
        graph.changed();
        return saved;
    }

    public List<ProviderResponse> list() {
        return db.inTransaction(tx -> providers.list(tx).stream().map(ProviderService::view).toList());
    }

    public ProviderResponse get(String name) {
        requireSlug("name", name);
        return db.inTransaction(tx -> providers.findByName(tx, name).map(ProviderService::view)
                .orElseThrow(() -> ProblemException.notFound("No provider '" + name + "'")));
    }

    /** From the graph snapshot, so it answers while the database is down too. */
    public List<CapabilityResponse> capabilities(String capability, String region) {
        if (capability != null) {
            requireSlug("capability", capability);
        }
        if (region != null) {
            requireSlug("region", region);
        }
        IncidentGraph g = graph.requireGraph();
        List<CapabilityResponse> result = new ArrayList<>();
        g.providersByCapability().forEach((cap, providerNames) -> {
            if (capability != null && !capability.equals(cap)) {
                return;
            }
            List<CapabilityResponse.ProviderUse> uses = new ArrayList<>();
            for (String providerName : providerNames) {
                IncidentGraph.Provider provider = g.provider(providerName);
                List<String> providerRegions = provider == null ? List.of() : provider.regions();
                List<CapabilityResponse.ServiceUse> services = new ArrayList<>();
                for (GraphRows.ContractRow c : g.dependentsOfProvider(providerName)) {
                    if (!cap.equals(c.capability())) {
                        continue;
                    }
                    IncidentGraph.Service s = g.service(c.service());
                    if (region != null && !s.regions().isEmpty() && !s.regions().contains(region)) {
                        continue;
                    }
                    services.add(new CapabilityResponse.ServiceUse(s.slug(), s.tier(), s.regions(), c.name(), c.mode(), c.crossRegion()));
                }
                if (region != null && services.isEmpty() && !providerRegions.isEmpty() && !providerRegions.contains(region)) {
                    continue;
                }
                services.sort(Comparator.comparing(CapabilityResponse.ServiceUse::service));
                uses.add(new CapabilityResponse.ProviderUse(providerName, providerRegions, services));
            }
            if (!uses.isEmpty()) {
                result.add(new CapabilityResponse(cap, uses));
            }
        });
        return result;
    }

    /** The provider without its update time: a PUT of the same attributes changes nothing worth an audit entry. */
    private static ProviderResponse timeless(ProviderResponse p) {
        return new ProviderResponse(p.name(), p.displayName(), p.capabilities(), p.regions(), p.statusPageUrl(), p.supportContact(),
                p.dataResidency(), p.reviewState(), p.createdAt(), null);
    }

    static ProviderResponse view(ProviderEntity p) {
        return new ProviderResponse(p.getName(), p.getDisplayName(), split(p.getCapabilities()), split(p.getRegions()),
                p.getStatusPageUrl(), p.getSupportContact(), p.getDataResidency(), p.getReviewState(), p.getCreatedAt(),
                p.getUpdatedAt());
    }

    private static List<String> split(String csv) {
        return csv == null || csv.isBlank() ? List.of() : Arrays.stream(csv.split(",")).toList();
    }

    private static List<String> slugs(List<ProblemException.FieldError> errors, String field, List<String> values) {
        if (values == null) {
            return List.of();
        }
        for (String value : values) {
            if (value == null || !SLUG.matcher(value).matches()) {
                errors.add(new ProblemException.FieldError(field, "each entry is 1–100 characters of a-z, 0-9 and '-'"));
                return List.of();
            }
        }
        return values.stream().distinct().toList();
    }

    private static void length(List<ProblemException.FieldError> errors, String field, String value, int max) {
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

    private static void requireSlug(String field, String value) {
        if (value == null || !SLUG.matcher(value).matches()) {
            throw ProblemException.invalid(field, "1–100 characters of a-z, 0-9 and '-'");
        }
    }
}
