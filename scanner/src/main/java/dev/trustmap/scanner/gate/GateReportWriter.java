package dev.trustmap.scanner.gate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** Renders a gate report as text, JSON, SARIF 2.1.0 or JUnit XML. */
public final class GateReportWriter {
    /** Report formats. */
    public enum Format { text, json, sarif, junit }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String VERSION = "0.1.0";

    private GateReportWriter() {
    }

    /**
     * @param failOn   the severity that fails the build ({@code warn} or {@code fail}); JUnit marks those as failures
     * @param sbomName the SBOM file's name, the SARIF results' artifact
     */
    public static String write(GateReport report, Format format, String failOn, String sbomName) {
        return switch (format) {
            case text -> text(report, failOn);
            case json -> json(report);
            case sarif -> sarif(report, sbomName);
            case junit -> junit(report, failOn);
        };
    }

    static boolean failing(String severity, String failOn) {
        return severity.equals("fail") || (failOn.equals("warn") && severity.equals("warn"));
    }

    private static String text(GateReport r, String failOn) {
        StringBuilder out = new StringBuilder();
        out.append("Trustmap gate: ").append(r.decision().toUpperCase(Locale.ROOT)).append(" (service ").append(r.service())
                .append(", ").append(switch (r.mode()) {
                    case "offline" -> "evaluated offline";
                    case "unreachable" -> "portal unreachable";
                    default -> "evaluated by the portal";
                }).append(")\n");
        GateReport.Summary s = r.summary();
        if (s != null) {
            out.append("  ").append(s.policies()).append(" policies, ").append(s.components()).append(" components, ")
                    .append(s.dependencies()).append(" dependencies, ").append(s.evaluations()).append(" evaluations: ")
                    .append(s.violations()).append(" violations, ").append(s.errors()).append(" errors, ")
                    .append(s.pending()).append(" components with evidence pending\n");
        }
        for (GateReport.Violation v : r.violations()) {
            out.append(v.outcome().equals("error") ? "ERROR" : v.severity().toUpperCase(Locale.ROOT)).append("  ")
                    .append(v.policy()).append("  ").append(v.subject()).append('\n');
            out.append("      ").append(v.message()).append('\n');
            if (v.explanation() != null) {
                out.append("      why: ").append(v.explanation().description()).append(" [").append(v.explanation().expression()).append("]\n");
                if (v.explanation().basis() != null && !v.explanation().basis().isEmpty()) {
                    out.append("      based on: ").append(v.explanation().basis()).append('\n');
                }
            }
        }
        if (!r.pending().isEmpty()) {
            out.append("Evidence still being collected for ").append(r.pending().size()).append(" component(s); not decided by: ")
                    .append(String.join(", ", r.pending().get(0).policies())).append('\n');
            r.pending().stream().limit(20).forEach(p -> out.append("  pending  ").append(p.component()).append('\n'));
            if (r.pending().size() > 20) {
                out.append("  … and ").append(r.pending().size() - 20).append(" more\n");
            }
        }
        for (String note : r.notes()) {
            out.append("Note: ").append(note).append('\n');
        }
        if (r.snapshotUrl() != null) {
            out.append("Snapshot: ").append(r.snapshotUrl()).append('\n');
        }
        out.append("Fails the build on: ").append(failOn).append('\n');
        return out.toString();
    }

    private static String json(GateReport r) {
        try {
            return JSON.writeValueAsString(r) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sarif(GateReport r, String sbomName) {
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "trustmap-scan");
        driver.put("version", VERSION);
        ArrayNode rules = driver.putArray("rules");
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        for (GateReport.Violation v : r.violations()) {
            if (ruleIndex.containsKey(v.policy())) {
                continue;
            }
            ruleIndex.put(v.policy(), ruleIndex.size());
            ObjectNode rule = rules.addObject();
            rule.put("id", v.policy());
            rule.put("name", v.policy());
            String description = v.explanation() == null || v.explanation().description() == null || v.explanation().description().isBlank()
                    ? v.policy() : v.explanation().description();
            rule.putObject("shortDescription").put("text", description);
            if (v.explanation() != null && v.explanation().expression() != null) {
                rule.putObject("fullDescription").put("text", "CEL: " + v.explanation().expression());
            }
            rule.putObject("defaultConfiguration").put("level", level(v.severity()));
            rule.putObject("properties").put("policyVersion", v.policyVersion());
        }
        String artifact = URLEncoder.encode(sbomName == null ? "sbom" : sbomName, StandardCharsets.UTF_8).replace("+", "%20");
        ArrayNode results = run.putArray("results");
        for (GateReport.Violation v : r.violations()) {
            ObjectNode result = results.addObject();
            result.put("ruleId", v.policy());
            result.put("ruleIndex", ruleIndex.get(v.policy()));
            result.put("kind", "fail");
            result.put("level", v.outcome().equals("error") ? "error" : level(v.severity()));
            result.putObject("message").put("text", v.outcome().equals("error")
                    ? "Policy " + v.policy() + " could not be evaluated (never counted as a pass): " + v.message() : v.message());
            ObjectNode location = result.putArray("locations").addObject();
            location.putObject("physicalLocation").putObject("artifactLocation").put("uri", artifact);
            location.putArray("logicalLocations").addObject().put("fullyQualifiedName", v.subject())
                    .put("kind", v.subjectKind().equals("component") ? "module" : "resource");
            ObjectNode properties = result.putObject("properties");
            properties.put("outcome", v.outcome());
            properties.put("severity", v.severity());
            if (v.explanation() != null && v.explanation().basis() != null) {
                properties.set("basis", JSON.valueToTree(v.explanation().basis()));
            }
        }
        run.putArray("invocations").addObject().put("executionSuccessful", true);
        ObjectNode properties = run.putObject("properties");
        properties.put("decision", r.decision());
        properties.put("service", r.service());
        properties.put("mode", r.mode());
        properties.set("notes", JSON.valueToTree(r.notes()));
        properties.set("pending", JSON.valueToTree(r.pending()));
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String level(String severity) {
        return switch (severity) {
            case "fail" -> "error";
            case "warn" -> "warning";
            default -> "note";
        };
    }

    private static String junit(GateReport r, String failOn) {
        long failures = r.violations().stream().filter(v -> v.outcome().equals("violation") && failing(v.severity(), failOn)).count();
        long errors = r.violations().stream().filter(v -> v.outcome().equals("error")).count();
        int tests = Math.max(1, r.violations().size()) + r.pending().size();
        StringWriter buffer = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(buffer);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", "trustmap-gate");
            xml.writeAttribute("tests", String.valueOf(tests));
            xml.writeAttribute("failures", String.valueOf(failures));
            xml.writeAttribute("errors", String.valueOf(errors));
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", "trustmap gate: " + r.service());
            xml.writeAttribute("tests", String.valueOf(tests));
            xml.writeAttribute("failures", String.valueOf(failures));
            xml.writeAttribute("errors", String.valueOf(errors));
            xml.writeAttribute("skipped", String.valueOf(r.pending().size()));
            xml.writeAttribute("timestamp", Instant.now().toString());
            xml.writeStartElement("properties");
            property(xml, "decision", r.decision());
            property(xml, "mode", r.mode());
            property(xml, "failOn", failOn);
            for (int i = 0; i < r.notes().size(); i++) {
                property(xml, "note." + (i + 1), r.notes().get(i));
            }
            xml.writeEndElement();
            if (r.violations().isEmpty()) {
                xml.writeEmptyElement("testcase");
                xml.writeAttribute("name", "no policy violations");
                xml.writeAttribute("classname", "trustmap." + r.service());
            }
            for (GateReport.Violation v : r.violations()) {
                xml.writeStartElement("testcase");
                xml.writeAttribute("name", v.policy() + " " + v.subject());
                xml.writeAttribute("classname", "trustmap." + v.policy());
                String detail = v.explanation() == null ? v.message()
                        : v.message() + "\nwhy: " + v.explanation().description() + "\nexpression: " + v.explanation().expression()
                        + "\nbased on: " + v.explanation().basis();
                if (v.outcome().equals("error")) {
                    xml.writeStartElement("error");
                    xml.writeAttribute("type", "evaluation-error");
                    xml.writeAttribute("message", v.message());
                    xml.writeCharacters(detail);
                    xml.writeEndElement();
                } else if (failing(v.severity(), failOn)) {
                    xml.writeStartElement("failure");
                    xml.writeAttribute("type", v.severity());
                    xml.writeAttribute("message", v.message());
                    xml.writeCharacters(detail);
                    xml.writeEndElement();
                } else {
                    xml.writeStartElement("system-out");
                    xml.writeCharacters(v.severity() + ": " + detail);
                    xml.writeEndElement();
                }
                xml.writeEndElement();
            }
            for (GateReport.Pending p : r.pending()) {
                xml.writeStartElement("testcase");
                xml.writeAttribute("name", "evidence pending " + p.component());
                xml.writeAttribute("classname", "trustmap.pending");
                xml.writeStartElement("skipped");
                xml.writeCharacters("evidence is still being collected; not decided by " + String.join(", ", p.policies()));
                xml.writeEndElement();
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return buffer + "\n";
    }

    private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeEmptyElement("property");
        xml.writeAttribute("name", name);
        xml.writeAttribute("value", value == null ? "" : value);
    }
}
