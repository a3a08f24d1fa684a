package dev.trustmap.api.incident;

import dev.trustmap.api.incident.model.RecentChange;
import dev.trustmap.database.contract.GraphRows;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An immutable, indexed snapshot of services, providers and contracts: what incident lookups
 * read. Built from {@link GraphRows} (from the database, or from the copy saved on disk), never
 * mutated; a change builds a new one.
 */
public final class IncidentGraph {
    /** A service node. */
    public record Service(String slug, String displayName, String tier, String owner, String contact, List<String> regions) {
    }

    /** A provider node. */
    public record Provider(String name, String displayName, List<String> capabilities, List<String> regions,
                           String statusPage, String supportContact, String dataResidency) {
    }

    private final GraphRows rows;
    private final Instant builtAt;
    private final Map<String, Service> services = new HashMap<>();
    private final Map<String, Provider> providers = new HashMap<>();
    private final Map<String, List<GraphRows.ContractRow>> byProvider = new HashMap<>();
    private final Map<String, List<GraphRows.ContractRow>> byTargetService = new HashMap<>();
    private final Map<String, List<GraphRows.ContractRow>> byService = new HashMap<>();
    /** Per service, every change written out once per snapshot, newest first. */
    private final Map<String, List<RecentChange>> recentChanges = new HashMap<>();

    public IncidentGraph(GraphRows rows, Instant builtAt) {
        this.rows = rows;
        this.builtAt = builtAt;
        for (GraphRows.ServiceRow s : rows.services()) {
            services.put(s.slug(), new Service(s.slug(), s.displayName(), s.tier(), s.ownerTeam(), s.ownerContact(), split(s.regions())));
        }
        for (GraphRows.ProviderRow p : rows.providers()) {
            providers.put(p.name(), new Provider(p.name(), p.displayName(), split(p.capabilities()), split(p.regions()),
                    p.statusPageUrl(), p.supportContact(), p.dataResidency()));
        }
        for (GraphRows.ContractRow c : rows.contracts()) {
            byService.computeIfAbsent(c.service(), k -> new ArrayList<>()).add(c);
            if (c.provider() != null) {
                byProvider.computeIfAbsent(c.provider(), k -> new ArrayList<>()).add(c);
            } else if (c.targetService() != null) {
                byTargetService.computeIfAbsent(c.targetService(), k -> new ArrayList<>()).add(c);
            }
        }
        Map<String, List<GraphRows.ContractChangeRow>> contractChanges = new HashMap<>();
        Map<String, List<GraphRows.SbomChangeRow>> sbomChanges = new HashMap<>();
        Map<String, List<GraphRows.TrustEventChangeRow>> trustEvents = new HashMap<>();
        for (GraphRows.ContractChangeRow change : rows.contractChanges()) {
            contractChanges.computeIfAbsent(change.service(), k -> new ArrayList<>()).add(change);
        }
        Set<String> seen = new java.util.HashSet<>();
        for (GraphRows.SbomChangeRow change : rows.sbomChanges()) {
            if (seen.add(change.service() + "|" + change.uploadedAt() + "|" + change.label())) {
                sbomChanges.computeIfAbsent(change.service(), k -> new ArrayList<>()).add(change);
            }
        }
        for (GraphRows.TrustEventChangeRow event : rows.trustEvents()) {
            trustEvents.computeIfAbsent(event.service(), k -> new ArrayList<>()).add(event);
        }
        Set<String> changed = new java.util.HashSet<>(contractChanges.keySet());
        changed.addAll(trustEvents.keySet());
        changed.addAll(sbomChanges.keySet());
        for (String service : changed) {
            recentChanges.put(service, RecentChangeText.of(service, contractChanges.getOrDefault(service, List.of()),
                    trustEvents.getOrDefault(service, List.of()), sbomChanges.getOrDefault(service, List.of())));
        }
    }

    public static IncidentGraph empty() {
        return new IncidentGraph(new GraphRows(-1, List.of(), List.of(), List.of(), List.of(), List.of(), List.of()), Instant.EPOCH);
    }

    static List<String> split(String csv) {
        if (csv == null || csv.isBlank()) {
            return List.of();
        }
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public GraphRows rows() {
        return rows;
    }

    public Instant builtAt() {
        return builtAt;
    }

    public long changeVersion() {
        return rows.changeVersion();
    }

    public Service service(String slug) {
        Service service = services.get(slug);
        return service != null ? service : new Service(slug, null, "standard", null, null, List.of());
    }

    public boolean knowsService(String slug) {
        return services.containsKey(slug) || byService.containsKey(slug) || byTargetService.containsKey(slug);
    }

    public Provider provider(String name) {
        return providers.get(name);
    }

    public boolean knowsProvider(String name) {
        return providers.containsKey(name) || byProvider.containsKey(name);
    }

    public Map<String, Provider> providers() {
        return Collections.unmodifiableMap(providers);
    }

    /** Contracts whose target is the provider. */
    public List<GraphRows.ContractRow> dependentsOfProvider(String provider) {
        return byProvider.getOrDefault(provider, List.of());
    }

    /** Contracts whose target is the service (the services that call it). */
    public List<GraphRows.ContractRow> dependentsOfService(String service) {
        return byTargetService.getOrDefault(service, List.of());
    }

    /** The service's own contracts. */
    public List<GraphRows.ContractRow> contractsOf(String service) {
        return byService.getOrDefault(service, List.of());
    }

    /** Every recent change of a service (contracts, trust events, uploads and the versions they changed), newest first. */
    public List<RecentChange> recentChanges(String service) {
        return recentChanges.getOrDefault(service, List.of());
    }

    /** Every capability in use, with the providers that serve it (from contracts and provider records). */
    public Map<String, Set<String>> providersByCapability() {
        Map<String, Set<String>> map = new java.util.TreeMap<>();
        providers.values().forEach(p -> p.capabilities().forEach(c -> map.computeIfAbsent(c, k -> new java.util.TreeSet<>()).add(p.name())));
        byProvider.values().forEach(list -> list.forEach(c -> {
            if (c.capability() != null) {
                map.computeIfAbsent(c.capability(), k -> new java.util.TreeSet<>()).add(c.provider());
            }
        }));
        return map;
    }

    public int serviceCount() {
        return services.size();
    }

    public int contractCount() {
        return rows.contracts().size();
    }

    public Set<String> serviceSlugs() {
        return services.keySet().stream().collect(Collectors.toUnmodifiableSet());
    }
}
