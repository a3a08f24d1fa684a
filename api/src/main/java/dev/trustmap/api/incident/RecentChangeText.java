package dev.trustmap.api.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustmap.api.incident.model.RecentChange;
import dev.trustmap.database.contract.GraphRows;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A service's recent changes as incident answers show them: contract versions, trust events of
 * the packages it uses, SBOM uploads and the dependency versions each changed. Written once per
 * graph snapshot, so lookups only pick from them.
 */
final class RecentChangeText {
    /** For reading the stored ingestion results (plain JSON, no custom types). */
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Dependency version changes shown per upload at most. */
    static final int VERSIONS_PER_UPLOAD = 20;

    private RecentChangeText() {
    }

    /** Every change of {@code service}, newest first (of two at the same time, in the order given). */
    static List<RecentChange> of(String service, List<GraphRows.ContractChangeRow> contracts,
                                 List<GraphRows.TrustEventChangeRow> events, List<GraphRows.SbomChangeRow> uploads) {
        List<RecentChange> changes = new ArrayList<>(contracts.size() + events.size() + uploads.size());
        for (GraphRows.ContractChangeRow c : contracts) {
            changes.add(new RecentChange(service, "contract", c.changedAt(), (c.removed() ? "removed contract " : "contract ")
                    + c.name() + " (version " + c.version() + ") by " + c.changedBy()));
        }
        for (GraphRows.TrustEventChangeRow e : events) {
            changes.add(new RecentChange(service, "trust-event", e.occurredAt(), e.kind() + ": " + e.purl() + " " + e.detail()));
        }
        for (GraphRows.SbomChangeRow s : uploads) {
            JsonNode result = result(s);
            changes.add(new RecentChange(service, "sbom", s.uploadedAt(), uploadSummary(s, result)));
            changes.addAll(newVersions(service, s, result));
        }
        changes.sort(Comparator.comparing(RecentChange::at).reversed());
        return List.copyOf(changes);
    }

    private static JsonNode result(GraphRows.SbomChangeRow s) {
        if (s.resultJson() == null) {
            return null;
        }
        try {
            return JSON.readTree(s.resultJson());
        } catch (java.io.IOException | RuntimeException unreadable) {
            return null; // counts are a courtesy; the upload itself is the event
        }
    }

    private static String uploadSummary(GraphRows.SbomChangeRow s, JsonNode result) {
        StringBuilder text = new StringBuilder("new SBOM").append(s.label() == null ? "" : " " + s.label())
                .append(" (").append(s.components()).append(" components");
        if (result != null) {
            text.append("; +").append(result.path("packagesAdded").asInt()).append(" / −")
                    .append(result.path("packagesRemoved").asInt()).append(" packages, ")
                    .append(result.path("versionsChanged").asInt()).append(" version changes");
        }
        return text.append(')').toString();
    }

    /** Dependency version changes an upload brought, one event each (at most {@link #VERSIONS_PER_UPLOAD}). */
    private static List<RecentChange> newVersions(String service, GraphRows.SbomChangeRow s, JsonNode result) {
        if (result == null) {
            return List.of();
        }
        List<RecentChange> events = new ArrayList<>();
        for (JsonNode change : result.path("changed")) {
            if (events.size() == VERSIONS_PER_UPLOAD) {
                break;
            }
            events.add(new RecentChange(service, "new-version", s.uploadedAt(), change.path("purl").asText() + " "
                    + String.join(", ", texts(change.path("from"))) + " → " + String.join(", ", texts(change.path("to")))));
        }
        return events;
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
