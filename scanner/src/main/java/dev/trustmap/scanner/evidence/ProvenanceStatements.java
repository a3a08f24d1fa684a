package dev.trustmap.scanner.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * npm's attestations document: finds the SLSA provenance bundle (a Sigstore bundle whose DSSE
 * envelope holds an in-toto statement), and reads the source repository out of a statement once it
 * is verified: SLSA v1 ({@code buildDefinition.externalParameters.workflow.repository}) or v0.2
 * ({@code invocation.configSource.uri}).
 */
final class ProvenanceStatements {
    private ProvenanceStatements() {
    }

    /** The first SLSA provenance attestation's Sigstore bundle, as JSON text, or null when there is none. */
    static String slsaBundle(JsonNode document) {
        for (JsonNode attestation : document.path("attestations")) {
            if (attestation.path("predicateType").asText("").startsWith("https://slsa.dev/provenance/")
                    && attestation.path("bundle").isObject()) {
                return attestation.path("bundle").toString();
            }
        }
        return null;
    }

    /** The source repository a (verified) statement names, or null. */
    static String sourceRepository(String statement, ObjectMapper json) {
        JsonNode predicate;
        try {
            predicate = json.readTree(statement).path("predicate");
        } catch (IOException e) {
            return null;
        }
        String v1 = predicate.path("buildDefinition").path("externalParameters").path("workflow").path("repository").asText(null);
        if (v1 != null) {
            return v1;
        }
        return predicate.path("invocation").path("configSource").path("uri").asText(null);
    }
}
