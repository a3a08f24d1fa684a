package dev.trustmap.api.evidence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustmap.database.evidence.EvidenceRepository;
import dev.trustmap.database.platform.Database;
import dev.trustmap.database.policy.PolicyRepository;
import dev.trustmap.policy.score.ScoringModel;
import dev.trustmap.policy.score.TrustScore;
import dev.trustmap.scanner.evidence.CollectedEvidence;
import dev.trustmap.scanner.evidence.EvidenceItem;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a scoring model change: recomputes every stored score of another model version from its stored
 * evidence items (no registry call), {@value #BATCH} rows per transaction, locked with {@code SKIP LOCKED}
 * so several starting processes share the work. The change is recorded once (one system event); a rescore
 * derives no trust events. Snapshots are evaluated again afterwards (their scores changed). Evidence the
 * new model cannot count as stored (an npm attestation read before attestations were verified) is
 * unknown until it is collected again, which is made due at once.
 */
public final class ModelChangeJob {
    private static final Logger LOG = LoggerFactory.getLogger(ModelChangeJob.class);
    static final int BATCH = 500;

    private final Database db;
    private final EvidenceRepository evidence;
    private final PolicyRepository policies;
    private final ObjectMapper json;
    private final Clock clock;
    private volatile boolean running;
    private Thread thread;

    public ModelChangeJob(Database db, EvidenceRepository evidence, PolicyRepository policies, ObjectMapper json, Clock clock) {
        this.db = db;
        this.evidence = evidence;
        this.policies = policies;
        this.json = json;
        this.clock = clock;
    }

    public void start() {
        running = true;
        thread = new Thread(() -> {
            try {
                int n = rescoreAll();
                if (n > 0) {
                    LOG.info("Scoring model {}: {} stored score(s) recomputed from their evidence", ScoringModel.VERSION, n);
                }
            } catch (RuntimeException e) {
                LOG.warn("Recomputing stored scores stopped ({}); the next start resumes", e.toString());
            }
        }, "model-change");
        thread.setDaemon(true);
        thread.start();
    }

    public void stop() {
        running = false;
    }

    /** Recomputes every outdated stored score; returns how many this process recomputed. */
    public int rescoreAll() {
        int total = 0;
        while (running || thread == null) {
            int n = db.inTransaction(tx -> {
                List<EvidenceRepository.OutdatedScore> batch = evidence.outdatedScores(tx, ScoringModel.VERSION, BATCH);
                if (batch.isEmpty()) {
                    return 0;
                }
                OffsetDateTime now = OffsetDateTime.now(clock);
                for (EvidenceRepository.OutdatedScore row : batch) {
                    List<EvidenceItem> items = read(row.items());
                    TrustScore score = ScoringModel.score(CollectedEvidence.evidenceFrom(row.ecosystem(), items), now.toInstant());
                    if (CollectedEvidence.needsRecollection(items)) {
                        evidence.makeVersionDue(tx, row.versionId(), now); // verified by the next collection, soon
                    }
                    evidence.rescore(tx, row.versionId(), score.provenance(), score.maintainerHealth(), score.grade(),
                            write(score.explanations()), write(score.gaps()), score.gaps().size(), score.modelVersion());
                }
                String previous = String.join(", ", new TreeSet<>(batch.stream().map(EvidenceRepository.OutdatedScore::modelVersion).toList()));
                evidence.recordModelChange(tx, ScoringModel.VERSION, previous.length() > 200 ? previous.substring(0, 200) : previous, now,
                        batch.size());
                policies.markInputsChanged(tx, now); // scores changed: every current snapshot is evaluated again
                return batch.size();
            });
            if (n == 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private List<EvidenceItem> read(String text) {
        try {
            return text == null ? List.of() : json.readValue(text, new TypeReference<List<EvidenceItem>>() { });
        } catch (JsonProcessingException e) {
            return List.of(); // unreadable evidence rescored as unknown: never good
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise a score", e);
        }
    }
}
