package dev.trustmap.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustmap.api.pkg.PackageCatalogService;
import dev.trustmap.api.pkg.PackageResource;
import dev.trustmap.api.platform.config.TrustmapConfig;
import dev.trustmap.api.platform.health.HealthResource;
import dev.trustmap.api.platform.health.MetricsResource;
import dev.trustmap.api.platform.http.JsonMapperProvider;
import dev.trustmap.api.platform.http.ProblemMappers;
import dev.trustmap.api.platform.http.RequestIds;
import dev.trustmap.api.platform.idempotency.IdempotencyService;
import dev.trustmap.api.platform.security.ApiTokenService;
import dev.trustmap.api.platform.security.AuthenticationFilter;
import dev.trustmap.api.sbom.IngestionJob;
import dev.trustmap.api.sbom.IngestionService;
import dev.trustmap.api.sbom.JobResource;
import dev.trustmap.api.sbom.JobService;
import dev.trustmap.api.sbom.QueueMetrics;
import dev.trustmap.api.sbom.SbomResource;
import dev.trustmap.api.sbom.SbomUploadService;
import dev.trustmap.api.sbom.SnapshotService;
import dev.trustmap.api.service.ServiceCatalogService;
import dev.trustmap.api.service.ServiceResource;
import dev.trustmap.api.token.TokenAdminService;
import dev.trustmap.api.token.TokenResource;
import dev.trustmap.database.idempotency.IdempotencyRepository;
import dev.trustmap.database.job.JobRepository;
import dev.trustmap.database.pkg.PackageRepository;
import dev.trustmap.database.platform.Database;
import dev.trustmap.database.sbom.SbomRepository;
import dev.trustmap.database.service.ServiceRepository;
import dev.trustmap.database.token.ApiTokenRepository;
import dev.trustmap.scanner.sbom.SbomReader;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.micrometer.server.MetricsApplicationEventListener;
import org.glassfish.jersey.micrometer.server.DefaultJerseyTagsProvider;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;

/**
 * The API's wiring: every service and resource built by constructor, in one place, from the
 * configuration. No classpath scanning. The portal's {@code main} mounts {@link #resourceConfig()}
 * and calls {@link #start()} / {@link #stop()}.
 */
public final class TrustmapApi implements AutoCloseable {
    private final TrustmapConfig config;
    private final Database db;
    private final PrometheusMeterRegistry metrics;
    private final ApiTokenService tokens;
    private final IngestionJob ingestion;
    private final ResourceConfig resources;

    public TrustmapApi(TrustmapConfig config, Database db, Clock clock) {
        this.config = config;
        this.db = db;
        this.metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        ObjectMapper json = JsonMapperProvider.mapper();

        ServiceRepository serviceRepository = new ServiceRepository();
        SbomRepository sbomRepository = new SbomRepository();
        JobRepository jobRepository = new JobRepository();
        SbomReader reader = new SbomReader();

        tokens = new ApiTokenService(db, new ApiTokenRepository(), clock);
        ServiceCatalogService services = new ServiceCatalogService(db, serviceRepository, sbomRepository, clock);
        IngestionService ingest = new IngestionService(db, serviceRepository, sbomRepository, jobRepository, json, clock);
        ingestion = new IngestionJob(db, jobRepository, ingest, reader, clock, config.ingestWorkers(),
                Duration.ofSeconds(config.jobLeaseSeconds()), metrics);
        JobService jobs = new JobService(db, jobRepository, serviceRepository, ingestion, json);
        SbomUploadService uploads = new SbomUploadService(db, reader, jobRepository, services,
                new IdempotencyService(new IdempotencyRepository()), ingestion, clock);
        QueueMetrics.register(metrics, db, jobRepository, clock);

        resources = new ResourceConfig()
                .property(ServerProperties.WADL_FEATURE_DISABLE, true)
                .property(ServerProperties.BV_FEATURE_DISABLE, true)
                .property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true)
                .register(JacksonFeature.withoutExceptionMappers())
                .register(new JsonMapperProvider())
                .register(new RequestIds())
                .register(new AuthenticationFilter(tokens))
                .register(RolesAllowedDynamicFeature.class)
                .register(ProblemMappers.ForProblems.class)
                .register(ProblemMappers.ForJson.class)
                .register(ProblemMappers.ForDatabase.class)
                .register(ProblemMappers.ForEverythingElse.class)
                .register(new MetricsApplicationEventListener(metrics, new DefaultJerseyTagsProvider(),
                        "trustmap_http_requests", true))
                .register(new HealthResource(db))
                .register(new MetricsResource(metrics))
                .register(new TokenResource(new TokenAdminService(tokens, clock)))
                .register(new ServiceResource(services))
                .register(new SbomResource(uploads, jobs, new SnapshotService(db, serviceRepository, sbomRepository),
                        config.uploadMaxBytes(), config.waitMaxSeconds()))
                .register(new JobResource(jobs, config.waitMaxSeconds()))
                .register(new PackageResource(new PackageCatalogService(db, new PackageRepository(), json)));
    }

    public ResourceConfig resourceConfig() {
        return resources;
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    /** Creates the bootstrap admin token on an empty installation; returns its secret to print once. */
    public Optional<String> bootstrap() {
        return tokens.bootstrap(config.bootstrapAdminToken()).map(ApiTokenService.IssuedToken::secret);
    }

    public void start() {
        ingestion.start();
    }

    public void stop(Duration grace) {
        ingestion.stop(grace);
    }

    @Override
    public void close() {
        ingestion.stop(Duration.ZERO);
        metrics.close();
    }
}
