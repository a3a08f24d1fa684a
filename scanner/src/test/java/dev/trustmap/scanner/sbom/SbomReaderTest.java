package dev.trustmap.scanner.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
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

    private static byte[] bom(String components, String dependencies) {
        return ("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"metadata\":{\"component\":{\"bom-ref\":\"root\",\"name\":\"r\"}},"
                + "\"components\":" + components + (dependencies == null ? "" : ",\"dependencies\":" + dependencies) + "}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String component(String ref, String purl) {
        return "{\"type\":\"library\",\"bom-ref\":\"" + ref + "\",\"name\":\"n\",\"purl\":\"" + purl + "\"}";
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[null]|/components/0",
        "[{\"bom-ref\":\"a\",\"purl\":\"pkg:npm/a@1\",\"components\":[null]}]|/components/0/components/0",
        "[{\"bom-ref\":\"a\",\"purl\":\"pkg:npm/a@1\",\"licenses\":[null]}]|/components/0/licenses/0",
        "[{\"bom-ref\":\"a\",\"purl\":\"pkg:npm/a@1\",\"hashes\":[null]}]|/components/0/hashes/0",
        "[{\"bom-ref\":\"a\",\"purl\":\"pkg:npm/a@1\",\"externalReferences\":[null]}]|/components/0/externalReferences/0"})
    void refusesNullArrayElementsAnywhereWithTheirPointer(String components, String pointer) {
        assertThatThrownBy(() -> reader.read(bom(components, null), SbomFormat.JSON))
                .isInstanceOfSatisfying(SbomException.class, e -> assertThat(e.problem()).isEqualTo(SbomProblem.INVALID_STRUCTURE))
                .hasMessageContaining(pointer).hasMessageContaining("null");
        assertThatThrownBy(() -> reader.read(bom("[]", "[null]"), SbomFormat.JSON)).hasMessageContaining("/dependencies/0");
        assertThatThrownBy(() -> reader.read(bom("[]", "[{\"ref\":\"root\",\"dependsOn\":[null]}]"), SbomFormat.JSON))
                .hasMessageContaining("/dependencies/0/dependsOn/0");
    }

    @Test
    void refusesEveryStoredFieldOverItsLimitNamingFieldAndLimit() {
        String longVersion = "1." + "0".repeat(600);
        assertThatThrownBy(() -> reader.read(bom("[" + component("a", "pkg:npm/a@" + longVersion) + "]", null), SbomFormat.JSON))
                .isInstanceOfSatisfying(SbomException.class, e -> assertThat(e.problem()).isEqualTo(SbomProblem.INVALID_STRUCTURE))
                .hasMessageContaining("purl version").hasMessageContaining("at most 500");
        assertThatThrownBy(() -> reader.read(bom("[" + component("a", "pkg:npm/" + "n".repeat(1200) + "@1") + "]", null), SbomFormat.JSON))
                .hasMessageContaining("purl name").hasMessageContaining("at most 1000");
        String qualifiers = "?" + "k=" + "v".repeat(1800);
        assertThatThrownBy(() -> reader.read(bom("[" + component("a", "pkg:npm/a@1" + qualifiers) + "]", null), SbomFormat.JSON))
                .hasMessageContaining("qualifiers").hasMessageContaining("at most 1000");
        String supplier = "[{\"bom-ref\":\"a\",\"purl\":\"pkg:npm/a@1\",\"supplier\":{\"name\":\"" + "s".repeat(600) + "\"}}]";
        assertThatThrownBy(() -> reader.read(bom(supplier, null), SbomFormat.JSON))
                .hasMessageContaining("supplier.name").hasMessageContaining("at most 500");
        byte[] serial = ("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"serialNumber\":\"urn:uuid:" + "1".repeat(300)
                + "\",\"components\":[]}").getBytes();
        assertThatThrownBy(() -> reader.read(serial, SbomFormat.JSON)).hasMessageContaining("serialNumber").hasMessageContaining("at most 200");
    }

    @Test
    void refusesDuplicateBomRefsInsteadOfLettingTheLastWin() {
        byte[] doc = bom("[" + component("x", "pkg:npm/a@1") + "," + component("x", "pkg:npm/b@1") + "]", null);
        assertThatThrownBy(() -> reader.read(doc, SbomFormat.JSON))
                .isInstanceOfSatisfying(SbomException.class, e -> assertThat(e.problem()).isEqualTo(SbomProblem.INVALID_STRUCTURE))
                .hasMessageContaining("bom-ref \"x\"").hasMessageContaining("/components/1");
        String xml = "<?xml version=\"1.0\"?><bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\"><components>"
                + "<component type=\"library\" bom-ref=\"x\"><name>a</name><purl>pkg:npm/a@1</purl></component>"
                + "<component type=\"library\" bom-ref=\"x\"><name>b</name><purl>pkg:npm/b@1</purl></component></components></bom>";
        assertThatThrownBy(() -> reader.read(xml.getBytes(), SbomFormat.XML)).hasMessageContaining("bom-ref \"x\"");
    }

    @Test
    void refusesOverlongUtf8EncodedSurrogatesAndUnpairedSurrogateEscapes() {
        byte[] head = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[{\"bom-ref\":\"a".getBytes();
        byte[] tail = "\",\"purl\":\"pkg:npm/a@1\"}]}".getBytes();
        for (byte[] bad : List.of(new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xFF})) {
            byte[] doc = new byte[head.length + bad.length + tail.length];
            System.arraycopy(head, 0, doc, 0, head.length);
            System.arraycopy(bad, 0, doc, head.length, bad.length);
            System.arraycopy(tail, 0, doc, head.length + bad.length, tail.length);
            assertThatThrownBy(() -> reader.read(doc, SbomFormat.JSON))
                    .isInstanceOfSatisfying(SbomException.class, e -> assertThat(e.problem()).isEqualTo(SbomProblem.INVALID_ENCODING));
            String xml = "<?xml version=\"1.0\"?><bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\"><components><component type=\"library\">"
                    + "<name>";
            byte[] x1 = xml.getBytes();
            byte[] x2 = "</name><purl>pkg:npm/a@1</purl></component></components></bom>".getBytes();
            byte[] xdoc = new byte[x1.length + bad.length + x2.length];
            System.arraycopy(x1, 0, xdoc, 0, x1.length);
            System.arraycopy(bad, 0, xdoc, x1.length, bad.length);
            System.arraycopy(x2, 0, xdoc, x1.length + bad.length, x2.length);
            assertThatThrownBy(() -> reader.read(xdoc, SbomFormat.XML))
                    .isInstanceOfSatisfying(SbomException.class, e -> assertThat(e.problem()).isEqualTo(SbomProblem.INVALID_ENCODING));
        }
        assertThatThrownBy(() -> reader.read(bom("[" + component("a\\ud800", "pkg:npm/a@1") + "]", null), SbomFormat.JSON))
                .isInstanceOfSatisfying(SbomException.class, e -> assertThat(e.problem()).isEqualTo(SbomProblem.INVALID_ENCODING));
    }

    @Test
    void refusesMoreComponentsThanTheLimitAndWrongTypesWithTheirPointer() {
        SbomReader small = new SbomReader(new SbomLimits(2));
        byte[] three = bom("[" + component("a", "pkg:npm/a@1") + "," + component("b", "pkg:npm/b@1") + ","
                + component("c", "pkg:npm/c@1") + "]", null);
        assertThatThrownBy(() -> small.read(three, SbomFormat.JSON))
                .isInstanceOfSatisfying(SbomException.class, e -> assertThat(e.problem()).isEqualTo(SbomProblem.TOO_MANY_COMPONENTS))
                .hasMessageContaining("more than 2 components");
        assertThatThrownBy(() -> reader.read(bom("[{\"bom-ref\":\"a\",\"purl\":42}]", null), SbomFormat.JSON))
                .hasMessageContaining("/components/0/purl: expected a string, found a number");
        assertThatThrownBy(() -> reader.read(bom("[{\"bom-ref\":\"a\",\"purl\":\"pkg:npm/a@1\",\"scope\":\"sometimes\"}]", null),
                SbomFormat.JSON)).hasMessageContaining("scope must be required, optional or excluded");
    }

    @Test
    void streamsLargeDocumentsWithoutCollectingThem() throws Exception {
        byte[] doc = SbomGenerator.generate(20_000, 11);
        int[] seen = {0};
        SbomSummary summary = reader.read(SbomSource.of(doc), SbomFormat.JSON, new SbomHandler() {
            @Override
            public void component(SbomComponent component) {
                seen[0]++;
            }

            @Override
            public void dependency(String ref, List<String> dependsOn) {
            }
        });
        assertThat(seen[0]).isEqualTo(20_000).isEqualTo(summary.components());
        assertThat(summary.digest()).isEqualTo(SbomReader.sha256(doc));
        assertThat(summary.size()).isEqualTo(doc.length);
    }
}
