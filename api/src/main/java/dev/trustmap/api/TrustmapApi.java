package dev.trustmap.api;

import dev.trustmap.api.audit.Actor;
import dev.trustmap.api.audit.AuditAnchorJob;
import dev.trustmap.api.audit.AuditResource;
import dev.trustmap.api.audit.AuditService;
import dev.trustmap.api.audit.FailedAuthentications;
import dev.trustmap.database.audit.AuditRepository;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustmap.api.bom.BomCompatibilityService;
import dev.trustmap.api.bom.BomResource;
import dev.trustmap.api.dtrack.DependencyTrackResource;
import dev.trustmap.api.dtrack.DependencyTrackService;
import dev.trustmap.api.contract.ContractResource;
import dev.trustmap.api.contract.ContractService;
import dev.trustmap.api.contract.TopologyResource;
import dev.trustmap.api.contract.TopologyService;
import dev.trustmap.api.evidence.DatabaseHttpCache;
import dev.trustmap.api.evidence.EvidenceJob;
import dev.trustmap.api.evidence.EvidenceService;
import dev.trustmap.api.evidence.ModelChangeJob;
import dev.trustmap.api.evidence.TrustReportService;
import dev.trustmap.api.evidence.TrustResource;
import dev.trustmap.api.incident.IncidentGraphJob;
import dev.trustmap.api.incident.IncidentResource;
import dev.trustmap.api.incident.IncidentService;
import dev.trustmap.api.pkg.PackageCatalogService;
import dev.trustmap.api.pkg.PackageResource;
import dev.trustmap.api.pkg.UsageResource;
import dev.trustmap.api.platform.config.TrustmapConfig;
import dev.trustmap.api.platform.health.HealthResource;
import dev.trustmap.api.platform.health.MetricsResource;
import dev.trustmap.api.platform.http.JsonBodies;
import dev.trustmap.api.platform.http.JsonBodyInterceptor;
import dev.trustmap.api.platform.http.JsonMapperProvider;
import dev.trustmap.api.platform.http.ProblemMappers;
import dev.trustmap.api.platform.http.RequestBodyDrain;
import dev.trustmap.api.platform.http.RequestIds;
import dev.trustmap.api.platform.http.StartupGate;
import dev.trustmap.api.platform.http.StrictParams;
import dev.trustmap.api.platform.http.StrictUrls;
import dev.trustmap.api.platform.idempotency.IdempotencyService;
import dev.trustmap.api.platform.openapi.OpenApiDocument;
import dev.trustmap.api.platform.openapi.OpenApiResource;
import dev.trustmap.api.platform.security.ApiTokenService;
import dev.trustmap.api.platform.security.ApiTokenAuthenticator;
import dev.trustmap.api.platform.security.AuthenticationFilter;
import dev.trustmap.api.platform.security.Authenticator;
import dev.trustmap.api.platform.security.OidcBearerAuthenticator;
import dev.trustmap.api.platform.security.OidcTokenVerifier;
import dev.trustmap.api.policy.GateResource;
import dev.trustmap.api.policy.GateService;
import dev.trustmap.api.policy.PolicyCatalogService;
import dev.trustmap.api.policy.PolicyContextService;
import dev.trustmap.api.policy.PolicyEvaluationJob;
import dev.trustmap.api.policy.PolicyEvaluationService;
import dev.trustmap.api.policy.PolicyResource;
import dev.trustmap.api.policy.ViolationResource;
import dev.trustmap.api.provider.CapabilityResource;
import dev.trustmap.api.provider.ProviderResource;
import dev.trustmap.api.provider.ProviderService;
import dev.trustmap.api.review.ReviewResource;
import dev.trustmap.api.review.ReviewService;
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
import dev.trustmap.database.contract.ContractRepository;
import dev.trustmap.database.contract.GraphRepository;
import dev.trustmap.database.evidence.EvidenceRepository;
import dev.trustmap.database.idempotency.IdempotencyRepository;
import dev.trustmap.database.job.JobRepository;
import dev.trustmap.database.pkg.PackageRepository;
import dev.trustmap.database.platform.Database;
import dev.trustmap.database.policy.PolicyRepository;
import dev.trustmap.database.provider.ProviderRepository;
import dev.trustmap.database.review.ReviewRepository;
import dev.trustmap.database.sbom.SbomRepository;
import dev.trustmap.database.service.ServiceEntity;
import dev.trustmap.database.service.ServiceRepository;
import dev.trustmap.database.token.ApiTokenRepository;
import dev.trustmap.policy.cel.PolicyEngine;
import dev.trustmap.scanner.evidence.EvidenceCollectors;
import dev.trustmap.scanner.evidence.NpmRegistryKeys;
import dev.trustmap.scanner.evidence.RegistryEndpoints;
import dev.trustmap.scanner.registry.RegistryClientHttp;
import dev.trustmap.scanner.registry.RegistryLimits;
import dev.trustmap.scanner.sbom.SbomLimits;
import dev.trustmap.scanner.sbom.SbomReader;
import dev.trustmap.scanner.sigstore.SigstoreVerifier;
import dev.trustmap.scanner.topology.TopologyLinter;
import dev.trustmap.scanner.topology.TopologyParser;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.media.multipart.MultiPartFeature;
import org.glassfish.jersey.micrometer.server.DefaultJerseyTagsProvider;
import org.glassfish.jersey.micrometer.server.MetricsApplicationEventListener;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;

/**
 * The API's wiring: every service and resource built by constructor, in one place, from the
 * configuration. No classpath scanning. The portal's {@code main} mounts {@link #resourceConfig()}
 * and calls {@link #start()} / {@link #stop()}.
 */
public final class TrustmapApi implements AutoCloseable {
    /** This build's version (from the jar's manifest; {@code dev} when run from classes). */
    public static final String VERSION = java.util.Optional.ofNullable(TrustmapApi.class.getPackage().getImplementationVersion())
            .orElse("dev");

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TrustmapApi.class);
    private final TrustmapConfig config;
    private final Database db;
    private final PrometheusMeterRegistry metrics;
    private final ApiTokenService tokens;
    private final IngestionJob ingestion;
    private final QueueMetrics queueMetrics;
    private final IncidentGraphJob graph;
    private final EvidenceJob evidenceJob;
    private final ModelChangeJob modelChange;
    private final RegistryClientHttp registries;
    private final ResourceConfig resources;
    private final PolicyCatalogService policyCatalog;
    private final PolicyEvaluationJob policyJob;
    private final SigstoreVerifier sigstore;
    private final OidcTokenVerifier oidc;
    private final StartupGate startupGate = new StartupGate();
    private final AuditService audit;
    private final AuditAnchorJob auditAnchor;

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
        SbomReader reader = new SbomReader(new SbomLimits(config.uploadMaxComponents()));
        ContractRepository contractRepository = new ContractRepository();
        ProviderRepository providerRepository = new ProviderRepository();
        PackageRepository packageRepository = new PackageRepository();
        audit = new AuditService(db, new AuditRepository(), clock, metrics);
        auditAnchor = new AuditAnchorJob(audit, Duration.ofSeconds(config.auditAnchorSeconds()), metrics);

        graph = new IncidentGraphJob(db, new GraphRepository(), contractRepository, json,
                config.dataDir().resolve("incident-graph.json"), clock, Duration.ofSeconds(2), metrics);
        tokens = new ApiTokenService(db, new ApiTokenRepository(), clock, config.dataDir().resolve("recent-tokens.json"), json);
        // OIDC access tokens (JWT-shaped) when an issuer is configured; API tokens always
        oidc = config.oidc() == null ? null : OidcTokenVerifier.discovering(config.oidc(), json);
        java.util.List<Authenticator> authenticators = oidc == null
                ? java.util.List.of(new ApiTokenAuthenticator(tokens))
                : java.util.List.of(new OidcBearerAuthenticator(oidc), new ApiTokenAuthenticator(tokens));
        ServiceCatalogService services = new ServiceCatalogService(db, serviceRepository, sbomRepository, contractRepository,
                graph, audit, clock);
        PolicyRepository policyRepository = new PolicyRepository();
        ReviewRepository reviewRepository = new ReviewRepository();
        policyCatalog = new PolicyCatalogService(db, policyRepository, PolicyEngine::new, json, audit, clock);
        PolicyEvaluationService evaluations = new PolicyEvaluationService(db, serviceRepository, policyRepository, reviewRepository,
                contractRepository, providerRepository, policyCatalog, new PolicyContextService(json), json, clock, config.policy(), metrics);
        policyJob = new PolicyEvaluationJob(db, policyRepository, serviceRepository, evaluations,
                Duration.ofSeconds(config.policy().reevaluateSeconds()), metrics);
        policyCatalog.onChange(policyJob::wakeUp);
        ReviewService reviewService = new ReviewService(db, reviewRepository, packageRepository, policyRepository, json, audit, clock);
        reviewService.onChange(policyJob::wakeUp);
        IngestionService ingest = new IngestionService(db, serviceRepository, sbomRepository, jobRepository, json, clock, evaluations,
                audit);
        ingestion = new IngestionJob(db, jobRepository, ingest, clock, config.ingestWorkers(),
                Duration.ofSeconds(config.jobLeaseSeconds()), metrics);
        JobService jobs = new JobService(db, jobRepository, serviceRepository, ingestion, json);
        SbomUploadService uploads = new SbomUploadService(db, reader, jobRepository, services,
                new IdempotencyService(new IdempotencyRepository()), ingestion, audit, clock);
        queueMetrics = QueueMetrics.register(metrics, db, jobRepository, clock);

        TopologyParser parser = new TopologyParser();
        TopologyLinter linter = new TopologyLinter();
        ContractService contracts = new ContractService(db, serviceRepository, providerRepository, contractRepository,
                parser, linter, graph, json, audit, clock);
        TopologyService topology = new TopologyService(db, serviceRepository, contractRepository, contracts, parser,
                linter, graph, audit, clock);

        EvidenceRepository evidenceRepository = new EvidenceRepository();
        TrustmapConfig.EvidenceSettings evidenceSettings = config.evidence();
        sigstore = SigstoreVerifier.deferred(evidenceSettings.sigstoreTrustedRoot());
        registries = new RegistryClientHttp(new DatabaseHttpCache(db, evidenceRepository),
                new RegistryLimits(evidenceSettings.registryConcurrency(), Duration.ofMillis(evidenceSettings.registryTimeoutMs()),
                        Duration.ofMillis(3L * evidenceSettings.registryTimeoutMs()), 3, 32L << 20,
                        Duration.ofHours(Math.max(1, evidenceSettings.refreshHours() / 2))), clock, "trustmap-portal/0.1");
        EvidenceCollectors collectors = EvidenceCollectors.standard(registries,
                new RegistryEndpoints(evidenceSettings.mavenCentralUrl(), evidenceSettings.npmRegistryUrl()),
                sigstore, NpmRegistryKeys.load(evidenceSettings.npmRegistryKeys()), clock);
        evidenceJob = new EvidenceJob(db, evidenceRepository, new EvidenceService(db, evidenceRepository, contractRepository, collectors,
                graph, json, clock, Duration.ofHours(evidenceSettings.refreshHours())), registries, clock, evidenceSettings.workers(), metrics);
        ingestion.afterIngest(evidenceJob::nudge);
        modelChange = new ModelChangeJob(db, evidenceRepository, policyRepository, json, clock);
        TrustReportService trust = new TrustReportService(db, evidenceRepository, packageRepository, json, clock);
        PackageCatalogService packages = new PackageCatalogService(db, packageRepository, json, trust);
        ProviderService providerService = new ProviderService(db, providerRepository, contractRepository, graph, audit, clock);
        GateService gate = new GateService(db, serviceRepository, policyRepository, sbomRepository, uploads, jobs, evaluations,
                policyCatalog, clock, config.policy().gatePending(), config.policy().gatePendingWaitSeconds(), config.waitMaxSeconds());
        BomCompatibilityService bom = new BomCompatibilityService(uploads, jobs, config.uploadMaxBytes(),
                id -> db.inTransaction(tx -> serviceRepository.find(tx, id).map(ServiceEntity::getSlug)));
        resources = new ResourceConfig()
                .property(ServerProperties.WADL_FEATURE_DISABLE, true)
                // everything is registered below by hand: no scanning of the jar's META-INF/services at start
                .property(ServerProperties.FEATURE_AUTO_DISCOVERY_DISABLE, true)
                .property(ServerProperties.METAINF_SERVICES_LOOKUP_DISABLE, true)
                .property(ServerProperties.BV_FEATURE_DISABLE, true)
                .property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true)
                .register(JacksonFeature.withoutExceptionMappers())
                .register(new JsonMapperProvider())
                .register(startupGate)
                .register(new RequestIds())
                .register(new StrictUrls())
                .register(new StrictParams())
                .register(new JsonBodyInterceptor())
                .register(new RequestBodyDrain(Math.max(config.uploadMaxBytes(), JsonBodies.MAX_BYTES) * 2))
                .register(new AuthenticationFilter(authenticators))
                .register(new FailedAuthentications(metrics))
                .register(RolesAllowedDynamicFeature.class)
                .register(ProblemMappers.ForProblems.class)
                .register(ProblemMappers.ForJson.class)
                .register(ProblemMappers.ForDatabase.class)
                .register(ProblemMappers.ForConcurrentWrite.class)
                .register(ProblemMappers.ForEverythingElse.class)
                .register(new MetricsApplicationEventListener(metrics, new DefaultJerseyTagsProvider(),
                        "trustmap_http_requests", true))
                .register(new HealthResource(db, startupGate::isOpen))
                .register(new MetricsResource(metrics, queueMetrics::refreshForScrape))
                .register(new OpenApiResource(new OpenApiDocument(this::resourceClasses)))
                .register(new TokenResource(new TokenAdminService(tokens, audit, clock)))
                .register(new ServiceResource(services))
                .register(new SbomResource(uploads, jobs, new SnapshotService(db, serviceRepository, sbomRepository),
                        config.uploadMaxBytes(), config.waitMaxSeconds()))
                .register(new JobResource(jobs, config.waitMaxSeconds()))
                .register(new PackageResource(packages, trust))
                .register(new TrustResource(trust))
                .register(new UsageResource(packages))
                .register(new ProviderResource(providerService))
                .register(new CapabilityResource(providerService))
                .register(new ContractResource(contracts))
                .register(new TopologyResource(topology))
                .register(new IncidentResource(new IncidentService(graph, clock), json))
                .register(MultiPartFeature.class)
                .register(new PolicyResource(policyCatalog, evaluations, gate))
                .register(new ViolationResource(evaluations))
                .register(new GateResource(gate, config.uploadMaxBytes()))
                .register(new ReviewResource(reviewService))
                .register(new AuditResource(audit))
                .register(new BomResource(bom, config.uploadMaxBytes()))
                .registerInstances(DependencyTrackResource.all(new DependencyTrackService(db, serviceRepository, sbomRepository,
                        policyRepository, json), bom, VERSION).toArray());
    }

    public ResourceConfig resourceConfig() {
        return resources;
    }

    /** The classes of every registered resource and provider (the OpenAPI document reads those with a {@code @Path}). */
    private java.util.Set<Class<?>> resourceClasses() {
        java.util.Set<Class<?>> classes = new java.util.LinkedHashSet<>(resources.getClasses());
        resources.getInstances().forEach(instance -> classes.add(instance.getClass()));
        return classes;
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    /** Creates the bootstrap admin token on an empty installation; returns its secret to print once. */
    public Optional<String> bootstrap() {
        return tokens.bootstrap(config.bootstrapAdminToken(), TokenAdminService.created(audit, new Actor("bootstrap", null)))
                .map(ApiTokenService.IssuedToken::secret);
    }

    /**
     * Until the database is reached and migrated (at every start, and for as long as it cannot be
     * reached): the saved incident graph and the tokens used recently are read from disk, and
     * incident lookups, health and metrics are let in; everything else answers 503 until
     * {@link #start()} and {@link #open()}.
     */
    public void startWithoutDatabase() {
        if (oidc != null) {
            // discovery and the first key fetch in the background: an unreachable issuer never holds up the start
            Thread warmUp = new Thread(oidc::warmUp, "oidc-discovery");
            warmUp.setDaemon(true);
            warmUp.start();
        }
        graph.loadSaved();
        tokens.loadSaved();
        startupGate.openForOutage();
    }

    /** Starts the workers; after {@link #startWithoutDatabase()}, once the database is migrated. */
    public void start() {
        policyCatalog.installDefaults();
        policyCatalog.warmUp();
        if (config.evidence().workers() > 0) {
            Thread preload = new Thread(() -> {
                try {
                    sigstore.preload();
                } catch (IllegalArgumentException e) {
                    LOG.error("TRUSTMAP_SIGSTORE_TRUSTED_ROOT: {}; Sigstore bundles cannot be verified", e.getMessage());
                }
            }, "sigstore-preload");
            preload.setDaemon(true);
            preload.start();
        }
        db.watchHealth(ingestion.owner(), Duration.ofSeconds(1));
        queueMetrics.start();
        policyJob.start();
        graph.start();
        ingestion.start();
        modelChange.start();
        evidenceJob.start();
        auditAnchor.start();
    }

    /** Lets requests in (until then everything but {@code /health/live} is answered 503). */
    public void open() {
        startupGate.open();
    }

    public void stop(Duration grace) {
        auditAnchor.stop();
        graph.stop();
        policyJob.stop();
        modelChange.stop();
        evidenceJob.stop(grace);
        ingestion.stop(grace);
    }

    @Override
    public void close() {
        auditAnchor.stop();
        policyJob.stop();
        evidenceJob.stop(Duration.ZERO);
        ingestion.stop(Duration.ZERO);
        queueMetrics.close();
        tokens.close();
        if (oidc != null) {
            oidc.close();
        }
        metrics.close();
    }
}
