package dev.trustmap.scanner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.github.packageurl.MalformedPackageURLException;
import dev.trustmap.policy.evidence.TrustEvent;
import dev.trustmap.policy.evidence.TrustEventRules;
import dev.trustmap.policy.score.Explanation;
import dev.trustmap.policy.score.ScoringModel;
import dev.trustmap.policy.score.TrustScore;
import dev.trustmap.scanner.evidence.CollectedEvidence;
import dev.trustmap.scanner.evidence.EvidenceCollectors;
import dev.trustmap.scanner.evidence.NpmRegistryKeys;
import dev.trustmap.scanner.evidence.EvidenceItem;
import dev.trustmap.scanner.evidence.RegistryEndpoints;
import dev.trustmap.scanner.registry.MemoryHttpCache;
import dev.trustmap.scanner.registry.RegistryClientHttp;
import dev.trustmap.scanner.registry.RegistryLimits;
import dev.trustmap.scanner.sbom.Purls;
import dev.trustmap.scanner.sigstore.SigstoreVerifier;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code trustmap-scan evidence PURL}: collects evidence straight from the package's registry (no
 * portal) and prints it with the scores and their explanations. Exit 0 when printed, 2 for a bad
 * purl or option, 3 when the registry could not be reached at all.
 */
@Command(name = "evidence", description = "Collect provenance and maintainer-health evidence for a package version from its "
        + "registry (Maven Central, npm) and print the scores with every point explained. No portal needed.")
public final class EvidenceCommand implements Callable<Integer> {
    /** Output format. */
    enum Format { text, json }

    @Parameters(index = "0", paramLabel = "PURL", description = "a package URL with version, e.g. pkg:maven/dev.sigstore/sigstore-java@2.0.0")
    String purl;

    @Option(names = "--hash", paramLabel = "ALG=HEX", description = "the artifact's hash as your SBOM has it (SHA-1, SHA-256, SHA-512), to compare with the registry's; repeatable")
    Map<String, String> hashes = new LinkedHashMap<>();

    @Option(names = "--format", defaultValue = "text", description = "text or json (default ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--maven-central", defaultValue = "https://repo1.maven.org/maven2", description = "Maven Central (or mirror) base URL")
    String mavenCentral;

    @Option(names = "--npm-registry", defaultValue = "https://registry.npmjs.org", description = "npm registry (or mirror) base URL")
    String npm;

    @Option(names = "--trusted-root", paramLabel = "FILE", description = "Sigstore trusted_root.json to use instead of the shipped one")
    Path trustedRoot;

    @Option(names = "--npm-registry-keys", paramLabel = "FILE",
            description = "the npm registry's signing keys (its /-/npm/v1/keys answer) to use instead of the shipped ones")
    Path npmRegistryKeys;

    @Option(names = "--timeout", defaultValue = "20", description = "seconds for the whole collection of one registry answer, retries included (default ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Purls.Normalised parsed;
        try {
            parsed = Purls.normalise(purl);
        } catch (MalformedPackageURLException e) {
            err.println("trustmap-scan: invalid package URL \"" + purl + "\": " + e.getMessage());
            return TrustmapScan.BAD_INPUT;
        }
        if (parsed.version() == null) {
            err.println("trustmap-scan: " + purl + " has no version (evidence is per version: add @VERSION)");
            return TrustmapScan.BAD_INPUT;
        }
        if (timeoutSeconds < 1 || timeoutSeconds > 600) {
            err.println("trustmap-scan: --timeout must be 1–600 seconds");
            return TrustmapScan.BAD_INPUT;
        }
        Map<String, String> sbomHashes = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : hashes.entrySet()) {
            String alg = h.getKey().toUpperCase(Locale.ROOT);
            if (!List.of("SHA-1", "SHA-256", "SHA-512").contains(alg) || !h.getValue().matches("[0-9a-fA-F]+")) {
                err.println("trustmap-scan: --hash wants SHA-1=HEX, SHA-256=HEX or SHA-512=HEX, not " + h.getKey() + "=" + h.getValue());
                return TrustmapScan.BAD_INPUT;
            }
            sbomHashes.put(alg, h.getValue().toLowerCase(Locale.ROOT));
        }
        SigstoreVerifier sigstore;
        try {
            sigstore = SigstoreVerifier.create(trustedRoot);
        } catch (IllegalArgumentException e) {
            err.println("trustmap-scan: " + e.getMessage());
            return TrustmapScan.BAD_INPUT;
        }
        NpmRegistryKeys npmKeys;
        try {
            npmKeys = NpmRegistryKeys.load(npmRegistryKeys);
        } catch (IllegalArgumentException e) {
            err.println("trustmap-scan: " + e.getMessage());
            return TrustmapScan.BAD_INPUT;
        }
        Clock clock = Clock.systemUTC();
        RegistryLimits limits = RegistryLimits.defaults().withDeadline(Duration.ofSeconds(Math.min(10, timeoutSeconds)),
                Duration.ofSeconds(timeoutSeconds), 3);
        RegistryClientHttp client = new RegistryClientHttp(new MemoryHttpCache(), limits, clock, "trustmap-scan/0.1");
        EvidenceCollectors collectors = EvidenceCollectors.standard(client, new RegistryEndpoints(mavenCentral, npm), sigstore, npmKeys, clock);
        if (!collectors.supports(parsed.ecosystem())) {
            err.println("trustmap-scan: no evidence collector for " + parsed.ecosystem() + " packages (supported: maven, npm)");
            return TrustmapScan.BAD_INPUT;
        }
        CollectedEvidence collected = collectors.collect(parsed, sbomHashes);
        TrustScore score = ScoringModel.score(collected.evidence(), clock.instant());
        List<TrustEvent> events = collected.facts() == null ? List.of()
                : TrustEventRules.derive(null, collected.facts(), clock.instant(), Duration.ofDays(30));
        boolean unreachable = client.stats().requests() > 0 && client.stats().failures() == client.stats().fetches();
        if (format == Format.json) {
            ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("purl", collected.versionPurl());
            report.put("registry", collected.registry());
            report.put("status", collected.status());
            report.put("collectedAt", collected.collectedAt());
            report.put("score", score);
            report.put("evidence", collected.items());
            report.put("events", events);
            report.put("problems", collected.problems());
            report.put("requests", client.stats().requests());
            out.println(json.writeValueAsString(report));
        } else {
            out.printf("%s  (%s, collected %s, %s)%n", collected.versionPurl(), collected.registry(), collected.collectedAt(), collected.status());
            out.printf("grade %s   provenance %d/100   maintainer health %d/100   model %s%n%n", score.grade(), score.provenance(),
                    score.maintainerHealth(), score.modelVersion());
            for (String dimension : List.of("provenance", "maintainer-health")) {
                out.println(dimension + ":");
                for (Explanation e : score.explanations()) {
                    if (e.dimension().equals(dimension)) {
                        out.printf("  %4s  %s%n", (e.points() > 0 ? "+" : "") + e.points(), e.text());
                    }
                }
            }
            if (!score.gaps().isEmpty()) {
                out.println("\ngaps (unknown evidence scores nothing):");
                score.gaps().forEach(g -> out.println("  - " + g));
            }
            out.println("\nevidence:");
            for (EvidenceItem item : collected.items()) {
                out.printf("  %-20s %-8s %s%n      source %s%s%n", item.signal(), item.state(), item.value() == null ? "" : item.value(),
                        item.source() == null ? "-" : item.source(), item.digest() == null ? "" : "  sha256 " + item.digest());
            }
            if (!events.isEmpty()) {
                out.println("\nrecent trust events:");
                events.forEach(e -> out.printf("  %s  %-22s %s%n", e.occurredAt(), e.kind().id(), e.detail()));
            }
            if (!collected.problems().isEmpty()) {
                out.println("\nproblems:");
                collected.problems().forEach(p -> out.println("  - " + p));
            }
        }
        if (unreachable) {
            err.println("trustmap-scan: the " + collected.registry() + " registry could not be reached; every signal above is unknown");
            return TrustmapScan.UNREACHABLE;
        }
        return TrustmapScan.OK;
    }
}
