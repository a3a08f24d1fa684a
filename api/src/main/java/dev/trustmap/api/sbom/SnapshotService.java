package dev.trustmap.api.sbom;

import dev.trustmap.api.platform.http.Paging;
import dev.trustmap.api.platform.http.ProblemException;
import dev.trustmap.api.service.ServiceCatalogService;
import dev.trustmap.api.sbom.model.ComponentResponse;
import dev.trustmap.api.platform.http.Page;
import dev.trustmap.api.service.model.SnapshotSummary;
import dev.trustmap.database.platform.Database;
import dev.trustmap.database.platform.Tx;
import dev.trustmap.database.sbom.ComponentView;
import dev.trustmap.database.sbom.SbomRepository;
import dev.trustmap.database.sbom.SbomSnapshotEntity;
import dev.trustmap.database.service.ServiceEntity;
import dev.trustmap.database.service.ServiceRepository;
import java.util.List;
import java.util.UUID;

/** A service's SBOM snapshots and their components. */
public final class SnapshotService {
    private final Database db;
    private final ServiceRepository services;
    private final SbomRepository sboms;

    public SnapshotService(Database db, ServiceRepository services, SbomRepository sboms) {
        this.db = db;
        this.services = services;
        this.sboms = sboms;
    }

    public List<SnapshotSummary> history(String slug) {
        return db.inTransaction(tx -> {
            ServiceEntity service = service(tx, slug);
            return sboms.history(tx, service.getId(), 1_000).stream().map(s -> ServiceCatalogService.summary(s, service)).toList();
        });
    }

    public SnapshotSummary get(String slug, UUID id) {
        return db.inTransaction(tx -> {
            ServiceEntity service = service(tx, slug);
            return ServiceCatalogService.summary(snapshot(tx, service, id), service);
        });
    }

    public Page<ComponentResponse> components(String slug, UUID id, Paging paging) {
        return db.inTransaction(tx -> {
            ServiceEntity service = service(tx, slug);
            SbomSnapshotEntity snapshot = snapshot(tx, service, id);
            return new Page<>(sboms.components(tx, id, paging.offset(), paging.limit()).stream()
                    .map(SnapshotService::component).toList(), snapshot.getComponentCount(),
                    paging.offset(), paging.limit());
        });
    }

    private ServiceEntity service(Tx tx, String slug) {
        ServiceCatalogService.requireSlug(slug);
        return services.findBySlug(tx, slug).orElseThrow(() -> ProblemException.notFound("No service named '" + slug + "'"));
    }

    private SbomSnapshotEntity snapshot(Tx tx, ServiceEntity service, UUID id) {
        return sboms.find(tx, id).filter(s -> s.getServiceId().equals(service.getId()))
                .orElseThrow(() -> ProblemException.notFound("No snapshot " + id + " for service '" + service.getSlug() + "'"));
    }

    private static ComponentResponse component(ComponentView c) {
        return new ComponentResponse(c.purl(), c.packagePurl(), c.ecosystem(), c.version(), c.relationship(), c.scope());
    }
}
