package dev.trustmap.api.dtrack.model;

/**
 * {@code GET /api/version}: the Dependency-Track API level this subset answers to (clients check
 * {@code version}, e.g. the Jenkins plugin wants 4.12.0 or later), and what actually answers.
 */
public record DtVersion(String version, String application, String timestamp, String uuid, Framework framework) {

    public record Framework(String name, String version) {
    }
}
