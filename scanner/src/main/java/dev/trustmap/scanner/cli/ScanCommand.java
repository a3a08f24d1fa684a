package dev.trustmap.scanner.cli;

import dev.trustmap.policy.cel.Decision;
import dev.trustmap.scanner.gate.GateReport;
import dev.trustmap.scanner.gate.GateReportWriter;
import dev.trustmap.scanner.gate.OfflineEvaluator;
import dev.trustmap.scanner.gate.PortalGateClient;
import dev.trustmap.scanner.gate.PortalGateClientHttp;
import dev.trustmap.scanner.sbom.ParsedSbom;
import dev.trustmap.scanner.sbom.SbomException;
import dev.trustmap.scanner.sbom.SbomFormat;
import dev.trustmap.scanner.sbom.SbomReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code trustmap-scan scan}: uploads an SBOM to the portal and gets its gate decision. Exit 0
 * pass (or below {@code --fail-on}), 1 policy failure, 2 bad input or usage, 3 portal
 * unreachable. What happens when the portal cannot be asked is an explicit choice
 * ({@code --when-unreachable}); {@code offline} evaluates locally on the policy bundle saved by the
 * last successful run made with that choice, and says so in the report. The SBOM is read
 * by the portal (its refusal is exit 2) or, when the portal cannot be asked, here, so a
 * bad SBOM is exit 2 whatever the degrade choice.
 */
@Command(name = "scan", description = "Upload an SBOM to the Trustmap portal and get the gate decision (pass / warn / fail) with every violation explained.")
public final class ScanCommand implements Callable<Integer> {
    /** What to do when the portal cannot be reached. */
    enum Unreachable { fail, pass, offline }

    /** Which decision fails the build. */
    enum FailOn { warn, fail }

    @Option(names = "--sbom", required = true, paramLabel = "FILE", description = "CycloneDX SBOM (JSON or XML, spec 1.4–1.6)")
    Path sbom;

    @Option(names = "--service", required = true, paramLabel = "NAME", description = "the service (slug) the SBOM belongs to")
    String service;

    @Option(names = "--portal", required = true, paramLabel = "URL", description = "the portal's base URL, e.g. https://trustmap.example.com")
    URI portal;

    @Option(names = "--token", paramLabel = "TOKEN", description = "API token with the scanner role (default: the TRUSTMAP_TOKEN environment variable)")
    String token;

    @Option(names = "--fail-on", defaultValue = "fail", description = "warn or fail: the decision that fails the build (default ${DEFAULT-VALUE})")
    FailOn failOn;

    @Option(names = "--format", defaultValue = "text", description = "text, json, sarif or junit (default ${DEFAULT-VALUE})")
    GateReportWriter.Format format;

    @Option(names = "--output", paramLabel = "FILE", description = "write the report here instead of standard output")
    Path output;

    @Option(names = "--when-unreachable", defaultValue = "fail", description = "fail (exit 3), pass (exit 0, reported) or offline "
            + "(evaluate locally on the policy bundle that every successful run with this choice saves); default ${DEFAULT-VALUE}")
    Unreachable whenUnreachable;

    @Option(names = "--pending", description = "decide (on the evidence the portal holds) or wait (for evidence still being collected); default: the portal's setting")
    String pending;

    @Option(names = "--pending-wait", paramLabel = "SECONDS", description = "with --pending wait: how long at most")
    Integer pendingWait;

    @Option(names = "--label", description = "snapshot label, e.g. the build number")
    String label;

    @Option(names = "--auto-create", description = "create the service if the portal does not know it")
    boolean autoCreate;

    @Option(names = "--timeout", defaultValue = "120", paramLabel = "SECONDS", description = "portal request time limit (default ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "where the policy bundle for offline runs is kept "
            + "(default $XDG_CACHE_HOME/trustmap-scan or ~/.cache/trustmap-scan)")
    Path cacheDir;

    @Spec
    CommandSpec spec;

    /** Where TRUSTMAP_TOKEN and XDG_CACHE_HOME are read from. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        String secret = token != null ? token : environment.get("TRUSTMAP_TOKEN");
        if (secret == null || secret.isBlank()) {
            err.println("trustmap-scan: no API token: pass --token or set TRUSTMAP_TOKEN");
            return TrustmapScan.BAD_INPUT;
        }
        if (!"http".equals(portal.getScheme()) && !"https".equals(portal.getScheme())) {
            err.println("trustmap-scan: --portal must be an http(s) URL");
            return TrustmapScan.BAD_INPUT;
        }
        if (pending != null && !pending.equals("decide") && !pending.equals("wait")) {
            err.println("trustmap-scan: --pending must be decide or wait");
            return TrustmapScan.BAD_INPUT;
        }
        if (timeoutSeconds < 1 || timeoutSeconds > 3600) {
            err.println("trustmap-scan: --timeout must be 1–3600 seconds");
            return TrustmapScan.BAD_INPUT;
        }
        byte[] document;
        try {
            document = Files.readAllBytes(sbom);
        } catch (NoSuchFileException e) {
            err.println("trustmap-scan: " + sbom + ": no such file");
            return TrustmapScan.BAD_INPUT;
        } catch (IOException e) {
            err.println("trustmap-scan: " + sbom + ": cannot read (" + e.getMessage() + ")");
            return TrustmapScan.BAD_INPUT;
        }
        SbomFormat encoding = SbomFormat.sniff(document);
        if (encoding == null) {
            err.println("trustmap-scan: " + sbom + ": neither CycloneDX JSON nor XML");
            return TrustmapScan.BAD_INPUT;
        }
        PortalGateClient client = new PortalGateClientHttp(portal, secret, Duration.ofSeconds(timeoutSeconds));
        GateReport report = null;
        PortalGateClient.PortalException failure = null;
        try {
            report = client.gate(service, document, encoding, new PortalGateClient.GateOptions(pending, pendingWait, label, autoCreate));
        } catch (PortalGateClient.PortalException e) {
            failure = e;
        }
        if (failure == null && whenUnreachable == Unreachable.offline) {
            saveBundle(client, err);
        }
        if (failure != null) {
            PortalGateClient.PortalException e = failure;
            if (!e.unreachable()) {
                err.println("trustmap-scan: " + sbom.getFileName() + ": " + e.getMessage());
                return TrustmapScan.BAD_INPUT;
            }
            err.println("trustmap-scan: " + e.getMessage());
            // the portal did not judge the SBOM: read it here, so bad input is exit 2 whatever the choice below
            ParsedSbom parsed;
            try {
                parsed = new SbomReader().read(document, encoding);
            } catch (SbomException bad) {
                err.println("trustmap-scan: " + sbom + ": " + bad.getMessage());
                return TrustmapScan.BAD_INPUT;
            }
            switch (whenUnreachable) {
                case fail -> {
                    err.println("trustmap-scan: no decision (--when-unreachable fail)");
                    return TrustmapScan.UNREACHABLE;
                }
                case pass -> report = new GateReport("pass", service, "unreachable",
                        List.of("the portal could not be reached: " + e.getMessage(),
                                "passed without evaluation because --when-unreachable pass was chosen"), null, null, List.of(), List.of());
                default -> {
                    Path saved = bundlePath();
                    if (!Files.isReadable(saved)) {
                        err.println("trustmap-scan: no saved policy bundle for " + service + " at " + saved
                                + " (a successful run with --when-unreachable offline saves one); no decision");
                        return TrustmapScan.UNREACHABLE;
                    }
                    try {
                        report = new OfflineEvaluator().evaluate(Files.readAllBytes(saved), parsed, Instant.now())
                                .withMode("offline", List.of("the portal could not be reached: " + e.getMessage()));
                    } catch (IOException | OfflineEvaluator.BundleException bad) {
                        err.println("trustmap-scan: " + bad.getMessage() + "; no decision");
                        return TrustmapScan.UNREACHABLE;
                    }
                }
            }
        }
        String rendered = GateReportWriter.write(report, format, failOn.name(), sbom.getFileName().toString());
        if (output != null) {
            try {
                Files.writeString(output, rendered, StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("trustmap-scan: cannot write " + output + " (" + e.getMessage() + ")");
                return TrustmapScan.BAD_INPUT;
            }
            spec.commandLine().getOut().println("Trustmap gate: " + report.decision() + " (" + report.violations().size()
                    + " violations; report in " + output + ")");
        } else {
            spec.commandLine().getOut().print(rendered);
        }
        spec.commandLine().getOut().flush();
        Decision decision = Decision.fromId(report.decision());
        return decision.atLeast(failOn == FailOn.warn ? Decision.WARN : Decision.FAIL) ? TrustmapScan.POLICY_FAILURE : TrustmapScan.OK;
    }

    private void saveBundle(PortalGateClient client, PrintWriter err) {
        Path target = bundlePath();
        try {
            byte[] bundle = client.bundle(service);
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".bundle", ".tmp");
            Files.write(tmp, bundle);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (PortalGateClient.PortalException | IOException e) {
            err.println("trustmap-scan: note: the policy bundle for offline runs was not saved (" + e.getMessage() + ")");
        }
    }

    Path bundlePath() {
        Path dir = cacheDir;
        if (dir == null) {
            String xdg = environment.get("XDG_CACHE_HOME");
            dir = xdg != null && !xdg.isBlank() ? Path.of(xdg, "trustmap-scan")
                    : Path.of(System.getProperty("user.home"), ".cache", "trustmap-scan");
        }
        return dir.resolve(service.replaceAll("[^A-Za-z0-9._-]", "_") + ".bundle.json");
    }
}
