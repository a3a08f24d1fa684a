package dev.trustmap.api.dtrack.model;

import java.util.List;
import java.util.UUID;

/** The calling API key as Dependency-Track's team: its name and the permissions its roles give. */
public record DtTeam(UUID uuid, String name, List<Permission> permissions) {

    public record Permission(String name, String description) {
    }
}
