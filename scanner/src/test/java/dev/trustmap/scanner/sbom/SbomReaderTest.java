package dev.trustmap.scanner.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SbomReaderTest {
    private final SbomReader reader = new SbomReader();

    static byte[] fixture(String name) {
        try (InputStream in = SbomReaderTest.class.getResourceAsStream("/sboms/" + name)) {
            return in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("missing fixture " + name, e);
        }
    }

    @ParameterizedTest
    @CsvSource({"checkout-1.4.json,JSON,1.4", "checkout-1.5.json,JSON,1.5", "checkout-1.6.json,JSON,1.6",
        "checkout-1.4.xml,XML,1.4", "checkout-1.5.xml,XML,1.5", "checkout-1.6.xml,XML,1.6"})
    void readsEverySupportedSpecVersionInBothEncodings(String file, SbomFormat format, String spec) throws Exception {
        ParsedSbom sbom = reader.read(fixture(file), format);

        assertThat(sbom.specVersion()).isEqualTo(spec);
        assertThat(sbom.format()).isEqualTo(format);
        assertThat(sbom.components()).extracting(c -> c.purl().versionPurl()).containsExactlyInAnyOrder(
                "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
                "pkg:maven/org.apache.logging.log4j/log4j-api@2.14.1",
                "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.15.2",
                "pkg:maven/com.fasterxml.jackson.core/jackson-core@2.15.2",
                "pkg:npm/%40babel/core@7.22.0",
                "pkg:npm/lodash@4.17.20");
        assertThat(sbom.skippedWithoutPurl()).isEqualTo(1);
        assertThat(sbom.graphKnown()).isTrue();
        assertThat(sbom.relationshipOf("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1")).isEqualTo("direct");
        assertThat(sbom.relationshipOf("pkg:maven/org.apache.logging.log4j/log4j-api@2.14.1")).isEqualTo("transitive");
        assertThat(sbom.edges()).containsEntry("pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.15.2",
                java.util.Set.of("pkg:maven/com.fasterxml.jackson.core/jackson-core@2.15.2"));
        SbomComponent log4j = sbom.components().stream()
                .filter(c -> c.purl().name().equals("log4j-core")).findFirst().orElseThrow();
        assertThat(log4j.hashes()).containsEntry("SHA-256", "a".repeat(64));
        assertThat(log4j.licenses()).containsExactly("Apache-2.0");
        assertThat(log4j.scope()).isEqualTo("required");
        SbomComponent babel = sbom.components().stream()
                .filter(c -> c.purl().name().equals("core") && c.purl().ecosystem().equals("npm")).findFirst().orElseThrow();
        assertThat(babel.supplier()).isEqualTo("Babel");
        assertThat(babel.purl().packagePurl()).isEqualTo("pkg:npm/%40babel/core");
        SbomComponent databind = sbom.components().stream()
                .filter(c -> c.purl().name().equals("jackson-databind")).findFirst().orElseThrow();
        assertThat(databind.licenses()).containsExactly("Apache-2.0 OR MIT");
    }

    @Test
    void theSameBytesGiveTheSameDigestAndAnotherDocumentAnother() throws Exception {
        ParsedSbom a = reader.read(fixture("checkout-1.6.json"), SbomFormat.JSON);
        ParsedSbom b = reader.read(fixture("checkout-1.6.json"), SbomFormat.JSON);
        ParsedSbom c = reader.read(fixture("checkout-v2.json"), SbomFormat.JSON);
        assertThat(a.digest()).isEqualTo(b.digest()).hasSize(64).isNotEqualTo(c.digest());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "xxe.xml|XML|FORBIDDEN_XML_CONSTRUCT|DOCTYPE",
        "billion-laughs.xml|XML|FORBIDDEN_XML_CONSTRUCT|entity",
        "malformed.json|JSON|MALFORMED_JSON|line",
        "malformed.xml|XML|MALFORMED_XML|line 51",
        "spdx.json|JSON|NOT_CYCLONEDX|bomFormat",
        "spec-1.2.json|JSON|UNSUPPORTED_SPEC_VERSION|1.2 is not supported",
        "spec-1.7.json|JSON|UNSUPPORTED_SPEC_VERSION|1.7 is not supported",
        "invalid-purl.json|JSON|INVALID_PURL|log4j-core",
        "wrong-structure.json|JSON|INVALID_STRUCTURE|not a valid CycloneDX BOM",
        "checkout-1.6.json|XML|MALFORMED_XML|Malformed XML",
        "checkout-1.6.xml|JSON|MALFORMED_JSON|Malformed JSON"})
    void refusesBadDocumentsWithAPreciseReason(String file, SbomFormat format, SbomProblem problem, String mentions) {
        assertThatThrownBy(() -> reader.read(fixture(file), format))
                .isInstanceOfSatisfying(SbomException.class, e -> assertThat(e.problem()).isEqualTo(problem))
                .hasMessageContaining(mentions);
    }

    @Test
    void refusesAnXmlDocumentWhoseRootIsNotACycloneDxBom() {
        byte[] xml = "<?xml version=\"1.0\"?><project xmlns=\"http://maven.apache.org/POM/4.0.0\"/>".getBytes();
        assertThatThrownBy(() -> reader.read(xml, SbomFormat.XML))
                .isInstanceOfSatisfying(SbomException.class, e -> assertThat(e.problem()).isEqualTo(SbomProblem.NOT_CYCLONEDX));
    }

    @Test
    void refusesEmptyBodiesAndJsonThatIsNotAnObject() {
        assertThatThrownBy(() -> reader.read(new byte[0], SbomFormat.JSON))
                .isInstanceOfSatisfying(SbomException.class, e -> assertThat(e.problem()).isEqualTo(SbomProblem.EMPTY));
        assertThatThrownBy(() -> reader.read("[1,2]".getBytes(), SbomFormat.JSON))
                .isInstanceOfSatisfying(SbomException.class, e -> assertThat(e.problem()).isEqualTo(SbomProblem.NOT_CYCLONEDX));
    }

    @Test
    void withoutADependencyGraphRelationshipsAreUnknownNotGuessed() throws Exception {
        String json = """
                {"bomFormat":"CycloneDX","specVersion":"1.5","components":[
                  {"type":"library","name":"a","version":"1.0.0","purl":"pkg:npm/a@1.0.0"}]}""";
        ParsedSbom sbom = reader.read(json.getBytes(), SbomFormat.JSON);
        assertThat(sbom.graphKnown()).isFalse();
        assertThat(sbom.relationshipOf("pkg:npm/a@1.0.0")).isEqualTo("unknown");
    }

    @Test
    void readsTheGeneratedBenchmarkSboms() throws Exception {
        ParsedSbom sbom = reader.read(SbomGenerator.generate(2_000, 7), SbomFormat.JSON);
        assertThat(sbom.components()).hasSize(2_000);
        assertThat(sbom.direct()).hasSize(100);
        assertThat(sbom.edgeCount()).isGreaterThan(1_000);
        assertThat(sbom.components()).allSatisfy(c -> {
            assertThat(c.hashes()).containsKeys("SHA-1", "SHA-256");
            assertThat(c.licenses()).hasSize(1);
        });
        assertThat(sbom.components()).extracting(c -> c.purl().ecosystem()).contains("maven", "npm");
        assertThat(SbomGenerator.generate(500, 3)).isEqualTo(SbomGenerator.generate(500, 3));
        assertThat(SbomGenerator.generate(500, 3)).isNotEqualTo(SbomGenerator.generate(500, 4));
    }
}
