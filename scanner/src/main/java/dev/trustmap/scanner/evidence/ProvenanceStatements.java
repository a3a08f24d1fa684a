package dev.trustmap.scanner.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Base64;

/**
 * Reads the source repository out of npm's attestations document: the SLSA provenance statement
 * (in-toto, DSSE-enveloped in a Sigstore bundle), v1 ({@code buildDefinition.externalParameters.workflow.repository})
 * or v0.2 ({@code invocation.configSource.uri}).
 */
final class ProvenanceStatements {
    private ProvenanceStatements() {
    }

    static String sourceRepository(JsonNode document, ObjectMapper json) throws IOException {
        for (JsonNode attestation : document.path("attestations")) {
            if (!attestation.path("predicateType").asText("").startsWith("https://slsa.dev/provenance/")) {
                continue;
            }
            String payload = attestation.path("bundle").path("dsseEnvelope").path("payload").asText(null);
            if (payload == null) {
                continue;
            }
            JsonNode statement = json.readTree(Base64.getDecoder().decode(payload));
            JsonNode predicate = statement.path("predicate");
            String v1 = predicate.path("buildDefinition").path("externalParameters").path("workflow").path("repository").asText(null);
            if (v1 != null) {
                return v1;
            }
            String v02 = predicate.path("invocation").path("configSource").path("uri").asText(null);
            if (v02 != null) {
                return v02;
            }
        }
        return null;
    }
}
