package dev.trustmap.api.service.model;

import java.util.List;

/** Create a service. Only {@code slug} is required. */
public record ServiceRequest(String slug, String displayName, String ownerTeam, String ownerContact, String tier,
                             List<String> regions, String repositoryUrl) {
}
