package dev.trustmap.api.dtrack.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.UUID;

/**
 * A Trustmap service in Dependency-Track's project shape: the uuid is the service's id (the same
 * for every version), {@code version} the snapshot label asked for or the current snapshot's
 * (always present, maybe {@code null}: the Jenkins plugin requires the key), dates in epoch
 * milliseconds as Dependency-Track sends them; absent values are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DtProject(
        UUID uuid,
        String name,
        @JsonInclude(JsonInclude.Include.ALWAYS) String version,
        String description,
        String classifier,
        boolean active,
        boolean isLatest,
        List<Tag> tags,
        Long lastBomImport,
        String lastBomImportFormat,
        Double lastInheritedRiskScore,
        DtMetrics metrics) {

    /** A Dependency-Track tag (Trustmap keeps none; always an empty list). */
    public record Tag(String name) {
    }
}
