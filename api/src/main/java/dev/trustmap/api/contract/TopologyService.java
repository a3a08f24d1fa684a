package dev.trustmap.api.contract;

import dev.trustmap.api.audit.Actor;
import dev.trustmap.api.audit.AuditService;
import dev.trustmap.api.service.ServiceCatalogService;
import dev.trustmap.api.contract.model.TopologyImportResponse;
import dev.trustmap.api.incident.IncidentGraphJob;
import dev.trustmap.api.platform.http.ProblemException;
import dev.trustmap.api.platform.security.TrustmapPrincipal;
import dev.trustmap.database.contract.ContractEntity;
import dev.trustmap.database.contract.ContractRepository;
import dev.trustmap.database.platform.Database;
import dev.trustmap.database.service.ServiceEntity;
import dev.trustmap.database.service.ServiceRepository;
import dev.trustmap.scanner.topology.DependencySpec;
import dev.trustmap.scanner.topology.ServiceTopology;
import dev.trustmap.scanner.topology.TopologyException;
import dev.trustmap.scanner.topology.TopologyFile;
import dev.trustmap.scanner.topology.TopologyLinter;
import dev.trustmap.scanner.topology.TopologyParser;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Topology file import: an idempotent upsert of the services in the file and of their contracts,
 * in one transaction. Contracts of those services that the file no longer declares are removed
 * (a removed version, history kept); services not in the file are untouched. With {@code dryRun}
 * the same diff is computed and nothing is written.
 */
public final class TopologyService {
    private final Database db;
    private final ServiceRepository services;
    private final ContractRepository contracts;
    private final ContractService contractService;
    private final TopologyParser parser;
    private final TopologyLinter linter;
    private final IncidentGraphJob graph;
    private final AuditService audit;
    private final Clock clock;

    public TopologyService(Database db, ServiceRepository services, ContractRepository contracts, ContractService contractService,
                           TopologyParser parser, TopologyLinter linter, IncidentGraphJob graph, AuditService audit, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.services = services;
        this.contracts = contracts;
        this.contractService = contractService;
        this.parser = parser;
        this.linter = linter;
        this.graph = graph;
        this.clock = clock;
    }

    public TopologyImportResponse importFile(TrustmapPrincipal who, Actor actor, String source, byte[] content, boolean dryRun) {
        TopologyFile file;
        try {
            file = parser.parse(source, content);
        } catch (TopologyException e) {
            throw ContractService.invalid(e);
        }
        if (file.services().isEmpty()) {
            throw ProblemException.invalid("body", "the file declares no service");
        }
        for (ServiceTopology service : file.services()) {
            ContractService.requireMayWrite(who, service.service());
        }
        TopologyImportResponse response = db.inTransaction(tx -> {
            OffsetDateTime now = OffsetDateTime.now(clock);
            List<TopologyImportResponse.ServiceChange> serviceChanges = new ArrayList<>();
            List<String> created = new ArrayList<>();
            List<TopologyImportResponse.ContractChange> changed = new ArrayList<>();
            List<String> removed = new ArrayList<>();
            TreeSet<String> providersCreated = new TreeSet<>();
            int unchanged = 0;
            for (ServiceTopology declared : file.services()) {
                ServiceEntity service = services.findBySlug(tx, declared.service()).orElse(null);
                List<String> serviceFields = new ArrayList<>();
                boolean serviceCreated = service == null;
                if (serviceCreated) {
                    service = new ServiceEntity(UUID.randomUUID(), declared.service(), now);
                    serviceFields.addAll(List.of("owner", "tier", "regions"));
                } else {
                    diff(serviceFields, "owner", service.getOwnerTeam(), declared.owner());
                    diff(serviceFields, "owner_contact", service.getOwnerContact(), declared.ownerContact());
                    diff(serviceFields, "tier", service.getTier(), declared.tier());
                    diff(serviceFields, "regions", service.getRegions(), String.join(",", declared.regions()));
                }
                if (!serviceFields.isEmpty()) {
                    serviceChanges.add(new TopologyImportResponse.ServiceChange(declared.service(), serviceCreated, serviceFields));
                }
                if (!dryRun && !serviceFields.isEmpty()) {
                    service.setOwnerTeam(declared.owner());
                    if (declared.ownerContact() != null) {
                        service.setOwnerContact(declared.ownerContact());
                    }
                    service.setTier(declared.tier());
                    service.setRegions(String.join(",", declared.regions()));
                    service.setUpdatedAt(now);
                    if (serviceCreated) {
                        services.create(tx, service);
                    }
                }
                Map<String, ContractEntity> current = serviceCreated ? Map.of()
                        : contracts.current(tx, service.getId()).stream().filter(c -> !c.isRemoved())
                        .collect(Collectors.toMap(ContractEntity::getName, Function.identity()));
                for (DependencySpec dependency : declared.dependencies()) {
                    DependencySpec spec = ContractService.withDefaults(dependency, dependency.name(), declared.tier());
                    String id = declared.service() + "/" + spec.name();
                    if (contractService.ensureProvider(tx, spec, now, dryRun)) {
                        providersCreated.add(spec.provider());
                    }
                    ContractEntity existing = current.get(spec.name());
                    if (existing == null) {
                        created.add(id);
                        if (!dryRun) {
                            ContractEntity previous = serviceCreated ? null
                                    : contracts.current(tx, service.getId(), spec.name()).orElse(null);
                            contractService.newVersion(tx, service, previous, spec, "topology", who.getName());
                        }
                    } else if (!existing.getContentHash().equals(ContractService.hash(spec))) {
                        changed.add(new TopologyImportResponse.ContractChange(id, existing.getVersion(),
                                ContractService.changedFields(existing, spec)));
                        if (!dryRun) {
                            contractService.newVersion(tx, service, existing, spec, "topology", who.getName());
                        }
                    } else {
                        unchanged++;
                    }
                }
                TreeSet<String> declaredNames = declared.dependencies().stream().map(DependencySpec::name)
                        .collect(Collectors.toCollection(TreeSet::new));
                for (ContractEntity existing : current.values()) {
                    if (!declaredNames.contains(existing.getName())) {
                        removed.add(declared.service() + "/" + existing.getName());
                        if (!dryRun) {
                            contractService.removeVersion(tx, service, existing, "topology", who.getName());
                        }
                    }
                }
            }
            boolean anything = !serviceChanges.isEmpty() || !created.isEmpty() || !changed.isEmpty() || !removed.isEmpty()
                    || !providersCreated.isEmpty();
            TopologyImportResponse answer = new TopologyImportResponse(dryRun, serviceChanges, created, changed, removed, unchanged,
                    List.copyOf(providersCreated), ContractService.warnings(linter.lint(file)));
            if (!dryRun && anything) {
                contracts.markChanged(tx);
                audit.record(tx, actor, "topology.import", target(file), null, null, answer);
            }
            return answer;
        });
        if (!dryRun) {
            graph.changed();
        }
        return response;
    }

    /** {@code service:<slug>} for a file of one service (the usual), {@code topology:<slug>,<slug>…} for several. */
    private static String target(TopologyFile file) {
        List<String> slugs = file.services().stream().map(ServiceTopology::service).toList();
        return slugs.size() == 1 ? ServiceCatalogService.target(slugs.get(0)) : "topology:" + String.join(",", slugs);
    }

    private static void diff(List<String> fields, String name, String stored, String declared) {
        if (!Objects.equals(stored == null || stored.isEmpty() ? null : stored, declared == null || declared.isEmpty() ? null : declared)) {
            fields.add(name);
        }
    }
}
