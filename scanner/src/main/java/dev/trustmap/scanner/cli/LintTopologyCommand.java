package dev.trustmap.scanner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trustmap.scanner.topology.LintFinding;
import dev.trustmap.scanner.topology.TopologyError;
import dev.trustmap.scanner.topology.TopologyException;
import dev.trustmap.scanner.topology.TopologyFile;
import dev.trustmap.scanner.topology.TopologyLinter;
import dev.trustmap.scanner.topology.TopologyParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code trustmap-scan lint-topology FILE...}: checks topology files without a portal. Exit 0
 * when every file is valid and has no findings, 1 when valid files have design findings, 2 when a
 * file cannot be read or is invalid.
 */
@Command(name = "lint-topology", description = "Check topology files (YAML or JSON) without a portal: "
        + "exit 0 clean, 1 design findings, 2 invalid or unreadable files.")
public final class LintTopologyCommand implements Callable<Integer> {
    /** Output format. */
    enum Format { text, json }

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "topology files")
    List<Path> files;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default ${DEFAULT-VALUE})")
    Format format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        TopologyParser parser = new TopologyParser();
        TopologyLinter linter = new TopologyLinter();
        List<Map<String, Object>> reports = new ArrayList<>();
        int errorCount = 0;
        int findingCount = 0;
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> declaredIn = new LinkedHashMap<>(); // service → file:line that declared it first
        for (Path file : files) {
            List<TopologyError> errors = new ArrayList<>();
            List<LintFinding> findings = new ArrayList<>();
            try {
                byte[] content = Files.readAllBytes(file);
                TopologyFile topology = parser.parse(file.toString(), content);
                for (var service : topology.services()) {
                    String where = file + ":" + service.position().line();
                    String first = declaredIn.putIfAbsent(service.service(), where);
                    if (first != null) {
                        errors.add(new TopologyError(file.toString(), service.position().line(), service.position().column(), "service",
                                "duplicate service \"" + service.service() + "\" (already declared at " + first + ")"));
                    }
                }
                if (errors.isEmpty()) {
                    findings.addAll(linter.lint(topology));
                }
            } catch (TopologyException e) {
                errors.addAll(e.errors());
            } catch (IOException e) {
                errors.add(new TopologyError(file.toString(), 0, 0, "(file)", "cannot read: " + e.getMessage()));
            }
            errorCount += errors.size();
            findingCount += findings.size();
            if (format == Format.text) {
                errors.forEach(out::println);
                findings.forEach(out::println);
            }
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("file", file.toString());
            report.put("errors", errors);
            report.put("findings", findings);
            reports.add(report);
        }
        if (format == Format.json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(Map.of("files", reports, "errors", errorCount, "findings", findingCount)));
        } else {
            out.printf("%d file%s, %d error%s, %d finding%s%n", files.size(), files.size() == 1 ? "" : "s",
                    errorCount, errorCount == 1 ? "" : "s", findingCount, findingCount == 1 ? "" : "s");
        }
        out.flush();
        if (errorCount > 0) {
            return TrustmapScan.BAD_INPUT;
        }
        return findingCount > 0 ? TrustmapScan.POLICY_FAILURE : TrustmapScan.OK;
    }
}
