package dev.trustmap.scanner.evidence;

import static dev.trustmap.scanner.evidence.CollectorFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustmap.policy.score.ScoringModel;
import dev.trustmap.policy.score.TrustScore;
import dev.trustmap.scanner.registry.MemoryHttpCache;
import dev.trustmap.scanner.registry.RecordedRegistry;
import dev.trustmap.scanner.sbom.ParsedSbom;
import dev.trustmap.scanner.sbom.SbomComponent;
import dev.trustmap.scanner.sbom.SbomFormat;
import dev.trustmap.scanner.sbom.SbomReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The same package with wildly different popularity — in the SBOM's component properties and in
 * the registry's answers — gets exactly the same scores and explanations.
 */
class PopularityBlindTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static String sbom(String stars, String downloads) {
        return """
                {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
                 "components": [{"type": "library", "bom-ref": "p", "name": "tm-fixture-provenance", "version": "2.1.0",
                   "purl": "pkg:npm/tm-fixture-provenance@2.1.0",
                   "hashes": [{"alg": "SHA-512", "content": "%s"}],
                   "properties": [{"name": "github:stars", "value": "%s"}, {"name": "npm:weeklyDownloads", "value": "%s"},
                                  {"name": "dependents", "value": "%s"}, {"name": "forks", "value": "%s"}, {"name": "watchers", "value": "%s"}]}],
                 "dependencies": [{"ref": "p", "dependsOn": []}]}
                """.formatted(NpmCollectorTest.fixtureSha512(), stars, downloads, stars, stars, stars);
    }

    static byte[] withPopularity(byte[] document, long n) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(document);
        root.put("downloads", n).put("stars", n).put("dependents", n).put("forks", n).put("watchers", n);
        root.putObject("users").put("someone", true);
        root.withObject("/versions").fields().forEachRemaining(v -> ((ObjectNode) v.getValue()).put("downloads", n).put("stars", n));
        return JSON.writeValueAsBytes(root);
    }

    /** One registry (one address) for every run: sources in explanations are the same URLs. */
    static RecordedRegistry registry;

    @org.junit.jupiter.api.BeforeAll
    static void start() throws Exception {
        registry = new RecordedRegistry();
    }

    @org.junit.jupiter.api.AfterAll
    static void stop() {
        registry.close();
    }

    TrustScore collect(String sbom, byte[] registryDocument) throws Exception {
        {
            if (registryDocument != null) {
                registry.override("/npm/tm-fixture-provenance", n -> new RecordedRegistry.Answer(200, "application/json", registryDocument, 0));
            } else {
                registry.clearOverrides();
            }
            ParsedSbom parsed = new SbomReader().read(sbom.getBytes(StandardCharsets.UTF_8), SbomFormat.JSON);
            SbomComponent component = parsed.components().get(0);
            CollectedEvidence c = CollectorFixtures.collectors(registry, new MemoryHttpCache()).collect(component.purl(), component.hashes());
            assertThat(c.problems()).isEmpty();
            return ScoringModel.score(c.evidence(), NOW);
        }
    }

    @Test
    void popularityInTheSbomOrTheRegistryChangesNothing() throws Exception {
        byte[] original;
        try (var in = getClass().getResourceAsStream("/registry/npm/tm-fixture-provenance.json")) {
            original = in.readAllBytes();
        }
        TrustScore baseline = collect(sbom("0", "0"), null);
        List<TrustScore> others = List.of(
                collect(sbom("250000", "90000000"), null),
                collect(sbom("0", "0"), withPopularity(original, 0)),
                collect(sbom("1", "3"), withPopularity(original, 1_000_000_000L)));
        // a package with every health signal known; its constructed attestation does not verify and earns nothing
        assertThat(baseline.grade()).isEqualTo("B");
        assertThat(baseline.maintainerHealth()).isEqualTo(100);
        for (TrustScore other : others) {
            assertThat(other).isEqualTo(baseline);
            assertThat(other.explanations()).containsExactlyElementsOf(baseline.explanations());
        }
    }
}
