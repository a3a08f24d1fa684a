package dev.trustmap.api.incident;

import dev.trustmap.api.incident.model.AffectedService;
import dev.trustmap.api.incident.model.ContractView;
import dev.trustmap.api.incident.model.GraphResponse;
import dev.trustmap.api.incident.model.IncidentResponse;
import dev.trustmap.api.incident.model.ProviderMapResponse;
import dev.trustmap.api.incident.model.RecentChange;
import dev.trustmap.api.incident.model.SnapshotInfo;
import dev.trustmap.api.platform.http.ProblemException;
import dev.trustmap.database.contract.GraphRows;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Incident lookups, answered from the in-memory graph snapshot only (no database access), so
 * they keep answering while the database is down and take microseconds.
 *
 * <p>A provider lookup finds every contract that targets the provider (optionally only for one
 * capability, and for a region: services deployed there, services with no declared region, and
 * contracts that call the provider cross-region), then walks service → service contracts
 * backwards, breadth first, so each affected service appears once with its shortest path
 * (cycles are harmless). Ranking: tier (critical, high, standard), then the mode of the
 * service's own contract on the path (sync before async), then depth, then name.
 */
public final class IncidentService {
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");
    public static final int MAX_WINDOW_HOURS = (int) IncidentGraphJob.CHANGE_HORIZON.toHours();

    private final IncidentGraphJob graphs;
    private final Clock clock;

    public IncidentService(IncidentGraphJob graphs, Clock clock) {
        this.graphs = graphs;
        this.clock = clock;
    }

    public SnapshotInfo snapshotInfo() {
        IncidentGraph graph = graphs.graph();
        long age = Math.max(0, Duration.between(graph.builtAt(), Instant.now(clock)).toSeconds());
        boolean reachable = graphs.databaseReachable();
        return new SnapshotInfo(graph.builtAt(), age, reachable ? "live" : "snapshot", reachable, graph.changeVersion());
    }

    /** A blast-radius walk: affected services keyed by slug, in discovery order. */
    private record Hit(String service, int depth, List<String> path, GraphRows.ContractRow via) {
    }

    private Map<String, Hit> walk(IncidentGraph graph, String provider, String region, String capability) {
        Map<String, Hit> hits = new LinkedHashMap<>();
        Deque<Hit> queue = new ArrayDeque<>();
        for (GraphRows.ContractRow c : graph.dependentsOfProvider(provider)) {
            if (capability != null && !capability.equals(c.capability())) {
                continue;
            }
            if (region != null) {
                List<String> regions = graph.service(c.service()).regions();
                if (!regions.isEmpty() && !regions.contains(region) && !Boolean.TRUE.equals(c.crossRegion())) {
                    continue;
                }
            }
            Hit hit = new Hit(c.service(), 1, List.of(c.service(), "provider:" + provider + (c.capability() == null ? "" : "/" + c.capability())), c);
            if (!hits.containsKey(c.service()) || better(hit, hits.get(c.service()))) {
                hits.put(c.service(), hit);
            }
        }
        queue.addAll(hits.values());
        while (!queue.isEmpty()) {
            Hit hit = queue.poll();
            for (GraphRows.ContractRow c : graph.dependentsOfService(hit.service())) {
                if (hits.containsKey(c.service())) {
                    continue;
                }
                List<String> path = new ArrayList<>(hit.path().size() + 1);
                path.add(c.service());
                path.addAll(hit.path());
                Hit next = new Hit(c.service(), hit.depth() + 1, List.copyOf(path), c);
                hits.put(c.service(), next);
                queue.add(next);
            }
        }
        return hits;
    }

    /** Between two direct hits of one service (several contracts on the provider), keep the sync one. */
    private static boolean better(Hit candidate, Hit existing) {
        return "sync".equals(candidate.via().mode()) && !"sync".equals(existing.via().mode());
    }

    /** Default and largest number of affected services and of recent changes in one answer. */
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 5_000;

    public IncidentResponse providerIncident(String provider, String region, String capability, int windowHours, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.invalid("limit", "1 to " + MAX_LIMIT);
        }
        requireSlug("provider", provider);
        if (region != null) {
            requireSlug("region", region);
        }
        if (capability != null) {
            requireSlug("capability", capability);
        }
        if (windowHours < 0 || windowHours > MAX_WINDOW_HOURS) {
            throw ProblemException.invalid("windowHours", "0 to " + MAX_WINDOW_HOURS);
        }
        IncidentGraph graph = graphs.requireGraph();
        if (!graph.knowsProvider(provider)) {
            throw ProblemException.notFound("No provider '" + provider + "' in the topology (snapshot of " + graph.builtAt() + ")");
        }
        Map<String, Hit> hits = walk(graph, provider, region, capability);
        List<Hit> ranked = new ArrayList<>(hits.values());
        ranked.sort(Comparator.comparingInt((Hit h) -> tierRank(graph.service(h.service()).tier()))
                .thenComparingInt(h -> "sync".equals(h.via().mode()) ? 0 : 1)
                .thenComparingInt(Hit::depth)
                .thenComparing(Hit::service));
        Map<String, Integer> byTier = new TreeMap<>();
        int direct = 0;
        for (Hit h : ranked) {
            byTier.merge(graph.service(h.service()).tier(), 1, Integer::sum);
            direct += h.depth() == 1 ? 1 : 0;
        }
        // only the answered ones are written out
        List<AffectedService> affected = new ArrayList<>(Math.min(limit, ranked.size()));
        for (Hit h : ranked.subList(0, Math.min(limit, ranked.size()))) {
            IncidentGraph.Service s = graph.service(h.service());
            affected.add(new AffectedService(s.slug(), s.displayName(), s.tier(), s.owner(), s.contact(), s.regions(),
                    h.depth(), h.depth() == 1, h.path(), view(h.via())));
        }
        RecentChanges changes = recentChanges(graph, hits.keySet(), windowHours, limit);
        IncidentGraph.Provider info = graph.provider(provider);
        return new IncidentResponse(provider,
                info == null ? null : new IncidentResponse.ProviderInfo(info.displayName(), info.capabilities(), info.regions(),
                        info.statusPage(), info.supportContact(), info.dataResidency()),
                region, capability, windowHours, snapshotInfo(),
                new IncidentResponse.Summary(ranked.size(), direct, ranked.size() - direct, byTier,
                        ranked.size() > limit, changes.total(), changes.total() > limit),
                affected, changes.first());
    }

    public GraphResponse providerGraph(String provider, String region, String capability) {
        requireSlug("provider", provider);
        IncidentGraph graph = graphs.requireGraph();
        if (!graph.knowsProvider(provider)) {
            throw ProblemException.notFound("No provider '" + provider + "' in the topology");
        }
        Map<String, Hit> hits = walk(graph, provider, region, capability);
        List<GraphResponse.Node> nodes = new ArrayList<>();
        List<GraphResponse.Edge> edges = new ArrayList<>();
        nodes.add(new GraphResponse.Node("provider:" + provider, "provider", provider, null, 0));
        for (Hit hit : hits.values()) {
            IncidentGraph.Service s = graph.service(hit.service());
            nodes.add(new GraphResponse.Node("service:" + s.slug(), "service", s.slug(), s.tier(), hit.depth()));
        }
        for (Hit hit : hits.values()) {
            for (GraphRows.ContractRow c : graph.contractsOf(hit.service())) {
                String to = provider.equals(c.provider()) && (capability == null || capability.equals(c.capability()))
                        ? "provider:" + provider
                        : c.targetService() != null && hits.containsKey(c.targetService()) ? "service:" + c.targetService() : null;
                if (to != null) {
                    edges.add(new GraphResponse.Edge("service:" + hit.service(), to, c.name(), c.mode()));
                }
            }
        }
        return new GraphResponse(snapshotInfo(), nodes, edges);
    }

    public ProviderMapResponse serviceProviders(String service) {
        requireSlug("service", service);
        IncidentGraph graph = graphs.requireGraph();
        if (!graph.knowsService(service)) {
            throw ProblemException.notFound("No service '" + service + "' in the topology");
        }
        Map<String, List<ProviderMapResponse.ProviderEntry>> byCapability = new TreeMap<>();
        Map<String, Integer> visited = new HashMap<>();
        record Step(String service, int depth, List<String> path) {
        }
        Deque<Step> queue = new ArrayDeque<>();
        queue.add(new Step(service, 0, List.of(service)));
        visited.put(service, 0);
        while (!queue.isEmpty()) {
            Step step = queue.poll();
            for (GraphRows.ContractRow c : graph.contractsOf(step.service())) {
                if (c.provider() != null) {
                    List<String> path = new ArrayList<>(step.path());
                    path.add("provider:" + c.provider() + (c.capability() == null ? "" : "/" + c.capability()));
                    IncidentGraph.Provider p = graph.provider(c.provider());
                    byCapability.computeIfAbsent(c.capability() == null ? "unspecified" : c.capability(), k -> new ArrayList<>())
                            .add(new ProviderMapResponse.ProviderEntry(c.provider(), p == null ? List.of() : p.regions(),
                                    step.depth() + 1, List.copyOf(path), view(c)));
                } else if (c.targetService() != null && !visited.containsKey(c.targetService())) {
                    visited.put(c.targetService(), step.depth() + 1);
                    List<String> path = new ArrayList<>(step.path());
                    path.add(c.targetService());
                    queue.add(new Step(c.targetService(), step.depth() + 1, List.copyOf(path)));
                }
            }
        }
        List<ProviderMapResponse.CapabilityEntry> entries = byCapability.entrySet().stream()
                .map(e -> new ProviderMapResponse.CapabilityEntry(e.getKey(), e.getValue().stream()
                        .sorted(Comparator.comparingInt(ProviderMapResponse.ProviderEntry::depth)
                                .thenComparing(ProviderMapResponse.ProviderEntry::provider)).toList()))
                .toList();
        return new ProviderMapResponse(service, snapshotInfo(), entries);
    }

    /** How many changes there are in all, and the {@code limit} most recent, newest first. */
    private record RecentChanges(int total, List<RecentChange> first) {
    }

    /** One affected service's changes within the window (newest first) in the merge below. */
    private static final class Cursor {
        final List<RecentChange> changes;
        final int end;
        final int order;
        int next;

        Cursor(List<RecentChange> changes, int end, int order) {
            this.changes = changes;
            this.end = end;
            this.order = order;
        }

        RecentChange head() {
            return changes.get(next);
        }
    }

    /** Newest first; of two at the same time, the one of the service found first. */
    private static final Comparator<Cursor> NEWEST_HEAD = (a, b) -> {
        int byTime = b.head().at().compareTo(a.head().at());
        return byTime != 0 ? byTime : Integer.compare(a.order, b.order);
    };

    /**
     * The changes of the affected services within the window: counted in full, and the
     * {@code limit} newest merged from each service's list (written out once per snapshot, newest
     * first), so a lookup right after a large import does not format and sort thousands of
     * changes it will not answer.
     */
    private RecentChanges recentChanges(IncidentGraph graph, Iterable<String> services, int windowHours, int limit) {
        OffsetDateTime since = OffsetDateTime.now(clock).minusHours(windowHours);
        PriorityQueue<Cursor> heads = new PriorityQueue<>(NEWEST_HEAD);
        int total = 0;
        int order = 0;
        for (String service : services) {
            List<RecentChange> changes = graph.recentChanges(service);
            int within = countSince(changes, since);
            total += within;
            if (within > 0) {
                heads.add(new Cursor(changes, within, order));
            }
            order++;
        }
        List<RecentChange> first = new ArrayList<>(Math.min(limit, total));
        while (first.size() < limit && !heads.isEmpty()) {
            Cursor cursor = heads.poll();
            first.add(cursor.head());
            if (++cursor.next < cursor.end) {
                heads.add(cursor);
            }
        }
        return new RecentChanges(total, first);
    }

    /** How many of {@code changes} (newest first) happened at or after {@code since}. */
    private static int countSince(List<RecentChange> changes, OffsetDateTime since) {
        int low = 0;
        int high = changes.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (changes.get(mid).at().isBefore(since)) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }

    static ContractView view(GraphRows.ContractRow c) {
        return new ContractView(c.service(), c.name(), c.targetService(), c.provider(), c.capability(), c.mode(),
                c.criticality(), c.crossRegion(), c.degradedBehavior(), c.fallback(), c.userImpact(), c.runbook(), c.timeoutMs());
    }

    static int tierRank(String tier) {
        return switch (tier == null ? "" : tier) {
            case "critical" -> 0;
            case "high" -> 1;
            default -> 2;
        };
    }

    private static void requireSlug(String field, String value) {
        if (value == null || !SLUG.matcher(value).matches()) {
            throw ProblemException.invalid(field, "1–100 characters of a-z, 0-9 and '-'");
        }
    }
}
