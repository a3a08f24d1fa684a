package dev.trustmap.api.evidence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.packageurl.MalformedPackageURLException;
import dev.trustmap.api.incident.IncidentGraphJob;
import dev.trustmap.database.contract.ContractRepository;
import dev.trustmap.database.evidence.EvidenceRepository;
import dev.trustmap.database.evidence.EvidenceRow;
import dev.trustmap.database.evidence.EvidenceTask;
import dev.trustmap.database.evidence.TrustEventRow;
import dev.trustmap.database.platform.Database;
import dev.trustmap.policy.evidence.RegistryFacts;
import dev.trustmap.policy.evidence.TrustEvent;
import dev.trustmap.policy.evidence.TrustEventRules;
import dev.trustmap.policy.score.ScoringModel;
import dev.trustmap.policy.score.TrustScore;
import dev.trustmap.scanner.evidence.CollectedEvidence;
import dev.trustmap.scanner.evidence.EvidenceCollectors;
import dev.trustmap.scanner.registry.RegistryClientHttp;
import dev.trustmap.scanner.sbom.Purls;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Collects one package version's evidence from its registry (outside any transaction), scores it,
 * derives trust events against the facts stored last time, and stores all of it in one
 * transaction that commits only while the worker still holds the task's lease.
 */
public final class EvidenceService {
    /** On first sight of a package, releases of the last 30 days are reported as events. */
    static final Duration BASELINE = Duration.ofDays(30);

    private final Database db;
    private final EvidenceRepository evidence;
    private final ContractRepository contracts;
    private final EvidenceCollectors collectors;
    private final IncidentGraphJob graph;
    private final ObjectMapper json;
    private final Clock clock;
    private final Duration refresh;

    public EvidenceService(Database db, EvidenceRepository evidence, ContractRepository contracts, EvidenceCollectors collectors,
                           IncidentGraphJob graph, ObjectMapper json, Clock clock, Duration refresh) {
        this.db = db;
        this.evidence = evidence;
        this.contracts = contracts;
        this.collectors = collectors;
        this.graph = graph;
        this.json = json;
        this.clock = clock;
        this.refresh = refresh;
    }

    /** Outcome of one collection. */
    public record Outcome(boolean stored, String status, int newEvents) {
    }

    public Outcome collect(EvidenceTask task, String owner) {
        Purls.Normalised purl;
        try {
            purl = Purls.normalise(task.versionPurl());
        } catch (MalformedPackageURLException e) {
            throw new IllegalStateException("stored purl does not parse: " + task.versionPurl(), e);
        }
        Map<String, String> hashes = read(task.hashes(), new TypeReference<Map<String, String>>() { }, Map.of());
        CollectedEvidence collected = collectors.collect(purl, hashes);
        OffsetDateTime now = OffsetDateTime.now(clock);
        TrustScore score = ScoringModel.score(collected.evidence(), now.toInstant());
        boolean degraded = !collected.problems().isEmpty();
        // a degraded collection is tried again sooner, but never more often than hourly
        OffsetDateTime nextDue = now.plus(degraded ? min(refresh, Duration.ofHours(1)) : refresh);
        Outcome outcome = db.inTransaction(tx -> {
            String previousText = evidence.latestFacts(tx, task.versionId()).orElse(null);
            RegistryFacts previous = previousText == null ? null : read(previousText, new TypeReference<RegistryFacts>() { }, null);
            List<TrustEvent> events = collected.facts() == null ? List.of()
                    : TrustEventRules.derive(previous, collected.facts(), now.toInstant(), BASELINE);
            String factsText = collected.facts() != null ? write(collected.facts()) : previousText;
            EvidenceRow row = new EvidenceRow(task.versionId(), now, collected.registry(), collected.status(), write(collected.items()),
                    factsText, write(collected.problems()), score.provenance(), score.maintainerHealth(), score.grade(),
                    write(score.explanations()), write(score.gaps()), score.gaps().size(), score.modelVersion());
            if (!evidence.complete(tx, owner, row, nextDue)) {
                return new Outcome(false, collected.status(), 0);
            }
            int inserted = evidence.insertEvents(tx, events.stream().map(e -> row(task.packageId(), e, now)).toList());
            if (inserted > 0) {
                contracts.markChanged(tx); // other replicas rebuild their incident graph with the new events
            }
            return new Outcome(true, collected.status(), inserted);
        });
        if (outcome.newEvents() > 0) {
            graph.changed();
        }
        return outcome;
    }

    private static TrustEventRow row(UUID packageId, TrustEvent e, OffsetDateTime now) {
        return new TrustEventRow(UUID.randomUUID(), packageId, e.packagePurl(), truncate(e.version(), 500), e.kind().id(),
                OffsetDateTime.ofInstant(e.occurredAt(), ZoneOffset.UTC), now, e.detail(), truncate(e.source(), 2048),
                RegistryClientHttp.sha256(e.identity().getBytes(StandardCharsets.UTF_8)));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + value.getClass().getSimpleName(), e);
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
