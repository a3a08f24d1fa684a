package dev.trustmap.api.pkg.model;

/** A package in a listing. */
public record PackageSummary(String purl, String ecosystem, String namespace, String name, int versions, int services) {
}
