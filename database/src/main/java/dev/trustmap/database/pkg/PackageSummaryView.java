package dev.trustmap.database.pkg;

import java.util.UUID;

/** A package in a listing, with how many versions are known and how many services use it now. */
public record PackageSummaryView(UUID id, String purl, String ecosystem, String namespace, String name,
                                 int versionCount, int serviceCount) {
}
