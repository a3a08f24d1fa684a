package dev.trustmap.scanner.gate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

class GateReportWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static GateReport report() {
        GateReport.Explanation why = new GateReport.Explanation("The previous release was signed & this one is not <really>",
                "evidence.previousSigned && !evidence.signed", Map.of("grade", "D", "provenance", 10, "modelVersion", "2026.11-2"));
        return new GateReport("fail", "checkout-api", "portal", List.of("note with ]]> and \"quotes\""), "/api/v1/services/checkout-api/sboms/1",
                new GateReport.Summary(8, 4, 1, 33, 4, 1, 1),
                List.of(new GateReport.Violation("provenance-regression", 1, "fail", "violation", "component", "pkg:npm/a@1.0.0",
                                "pkg:npm/a@1.0.0 has no Sigstore bundle — ünïcödé <b>", why),
                        new GateReport.Violation("deprecated-package", 2, "warn", "violation", "component", "pkg:npm/b@2.0.0",
                                "pkg:npm/b@2.0.0 is deprecated", why),
                        new GateReport.Violation("inventory-note", 1, "info", "violation", "component", "pkg:maven/c/d@1", "noted", why),
                        new GateReport.Violation("broken", 1, "fail", "error", "component", "pkg:npm/a@1.0.0", "evaluation failed: no such key", why),
                        new GateReport.Violation("critical-sync-dependency-without-fallback", 1, "warn", "violation", "dependency",
                                "checkout-api → payment-gateway", "no fallback", why)),
                List.of(new GateReport.Pending("pkg:npm/e@3.0.0", List.of("deprecated-package", "provenance-regression"))));
    }

    @Test
    void sarifValidatesAgainstTheSarif210Schema() throws Exception {
        String sarif = GateReportWriter.write(report(), GateReportWriter.Format.sarif, "fail", "my sbom.cdx.json");
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(ReportSchemas.sarif());
        List<Error> errors = schema.validate(sarif, InputFormat.JSON);
        assertThat(errors).as(sarif).isEmpty();

        JsonNode run = JSON.readTree(sarif).path("runs").get(0);
        assertThat(run.path("tool").path("driver").path("rules").findValuesAsText("id")).containsExactly("provenance-regression",
                "deprecated-package", "inventory-note", "broken", "critical-sync-dependency-without-fallback");
        assertThat(run.path("results").findValuesAsText("level")).containsExactly("error", "warning", "note", "error", "warning");
        assertThat(run.path("results").get(0).path("locations").get(0).path("physicalLocation").path("artifactLocation").path("uri").asText())
                .isEqualTo("my%20sbom.cdx.json");
        assertThat(run.path("results").get(3).path("message").path("text").asText()).contains("could not be evaluated (never counted as a pass)");
        assertThat(run.path("properties").path("decision").asText()).isEqualTo("fail");

        // a report with nothing in it is valid too
        GateReport empty = new GateReport("pass", "s", "portal", List.of(), null, null, List.of(), List.of());
        assertThat(schema.validate(GateReportWriter.write(empty, GateReportWriter.Format.sarif, "fail", "s.json"), InputFormat.JSON)).isEmpty();
    }

    @Test
    void junitValidatesAgainstTheJenkinsJunitSchema() throws Exception {
        javax.xml.validation.Schema xsd = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(ReportSchemas.jenkinsJunitXsd().toFile());
        for (String failOn : List.of("fail", "warn")) {
            String junit = GateReportWriter.write(report(), GateReportWriter.Format.junit, failOn, "sbom.json");
            xsd.newValidator().validate(new StreamSource(new StringReader(junit)));
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(junit)));
            var suite = doc.getDocumentElement();
            assertThat(suite.getAttribute("errors")).isEqualTo("1");
            assertThat(suite.getAttribute("failures")).isEqualTo(failOn.equals("fail") ? "1" : "3");
            assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo(failOn.equals("fail") ? 1 : 3);
            assertThat(doc.getElementsByTagName("skipped").getLength()).isEqualTo(1);
            assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(6);
            assertThat(junit).contains("ünïcödé &lt;b>");
        }
        GateReport empty = new GateReport("pass", "s", "portal", List.of(), null, null, List.of(), List.of());
        xsd.newValidator().validate(new StreamSource(new StringReader(GateReportWriter.write(empty, GateReportWriter.Format.junit, "fail", "s"))));
    }

    @Test
    void textAndJsonCarryTheDecisionAndEveryExplanation() throws Exception {
        String text = GateReportWriter.write(report(), GateReportWriter.Format.text, "fail", "sbom.json");
        assertThat(text).startsWith("Trustmap gate: FAIL (service checkout-api, evaluated by the portal)")
                .contains("FAIL  provenance-regression  pkg:npm/a@1.0.0")
                .contains("ERROR  broken  pkg:npm/a@1.0.0")
                .contains("why: The previous release was signed & this one is not <really> [evidence.previousSigned && !evidence.signed]")
                .contains("pending  pkg:npm/e@3.0.0");
        JsonNode json = JSON.readTree(GateReportWriter.write(report(), GateReportWriter.Format.json, "fail", "sbom.json"));
        assertThat(json.path("decision").asText()).isEqualTo("fail");
        assertThat(json.path("violations").size()).isEqualTo(5);
        assertThat(JSON.treeToValue(json, GateReport.class)).isEqualTo(report());
    }
}
