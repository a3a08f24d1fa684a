package dev.trustmap.api.sbom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustmap.api.platform.http.ProblemException;
import dev.trustmap.api.sbom.model.IngestionResult;
import dev.trustmap.api.sbom.model.JobResponse;
import dev.trustmap.database.job.IngestionJobEntity;
import dev.trustmap.database.job.JobRepository;
import dev.trustmap.database.platform.Database;
import dev.trustmap.database.service.ServiceEntity;
import dev.trustmap.database.service.ServiceRepository;
import java.time.Duration;
import java.util.UUID;
import dev.trustmap.database.platform.DatabaseUnavailableException;
import java.util.concurrent.atomic.AtomicReference;

/** Reads ingestion jobs, optionally waiting for them to finish. */
public final class JobService {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JobService.class);
    private final Database db;
    private final JobRepository jobs;
    private final ServiceRepository services;
    private final IngestionJob worker;
    private final ObjectMapper json;

    public JobService(Database db, JobRepository jobs, ServiceRepository services, IngestionJob worker, ObjectMapper json) {
        this.db = db;
        this.jobs = jobs;
        this.services = services;
        this.worker = worker;
        this.json = json;
    }

    public JobResponse get(UUID id) {
        return db.inTransaction(tx -> {
            IngestionJobEntity job = jobs.find(tx, id).orElseThrow(() -> ProblemException.notFound("No ingestion job " + id));
            String service = services.find(tx, job.getServiceId()).map(ServiceEntity::getSlug).orElse(null);
            return view(job, service);
        });
    }

    /** The job once it is completed or failed, or as it is when {@code wait} has passed. */
    public JobResponse await(UUID id, Duration wait) {
        AtomicReference<JobResponse> latest = new AtomicReference<>(get(id));
        awaitTerminal(latest, id, wait);
        return latest.get();
    }

    /** Keeps {@code latest} up to date until the job is terminal or {@code wait} has passed. */
    private void awaitTerminal(AtomicReference<JobResponse> latest, UUID id, Duration wait) {
        if (!wait.isZero() && !latest.get().terminal()) {
            worker.awaitFinished(id, wait, () -> {
                latest.set(get(id));
                return latest.get().terminal();
            });
        }
    }

    /**
     * Like {@link #await} for a job this request has just stored ({@code accepted}: as it was
     * stored). If the database goes away while waiting, the job is still stored and will be
     * finished: the answer is its last known (unfinished) state, never an error that would say
     * nothing was written.
     */
    public JobResponse awaitAccepted(JobResponse accepted, Duration wait) {
        AtomicReference<JobResponse> latest = new AtomicReference<>(accepted);
        try {
            latest.set(get(accepted.id()));
            awaitTerminal(latest, accepted.id(), wait);
        } catch (DatabaseUnavailableException e) {
            LOG.warn("The database went away while waiting for job {}; answering with its last known state", accepted.id());
        }
        return latest.get();
    }

    private JobResponse view(IngestionJobEntity job, String service) {
        if (worker.inProgress(job.getId())) {
            // a worker of this process has committed it but not yet finished writing it to disk (H2):
            // it is not done until then, so it is shown as it was
            return new JobResponse(job.getId(), service, "processing", job.getLabel(), job.getFormat(), job.getPayloadSize(),
                    job.getPayloadDigest(), job.getSubmittedBy(), job.getSubmittedAt(), job.getStartedAt(), null,
                    job.getAttempts(), "/api/v1/jobs/" + job.getId(), null, null, null);
        }
        IngestionResult result = null;
        if (job.getResult() != null) {
            try {
                result = json.readValue(job.getResult(), IngestionResult.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Stored result of job " + job.getId() + " is unreadable", e);
            }
        }
        String snapshotUrl = job.getSnapshotId() == null || service == null ? null
                : "/api/v1/services/" + service + "/sboms/" + job.getSnapshotId();
        return new JobResponse(job.getId(), service, job.getState(), job.getLabel(), job.getFormat(), job.getPayloadSize(),
                job.getPayloadDigest(), job.getSubmittedBy(), job.getSubmittedAt(), job.getStartedAt(), job.getFinishedAt(),
                job.getAttempts(), "/api/v1/jobs/" + job.getId(), snapshotUrl, result, job.getError());
    }
}
