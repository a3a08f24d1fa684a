package dev.trustmap.scanner.evidence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustmap.policy.evidence.RegistryFacts;
import dev.trustmap.policy.evidence.ReleaseFact;
import dev.trustmap.policy.score.PackageEvidence;
import dev.trustmap.policy.score.Signal;
import dev.trustmap.scanner.registry.Fetched;
import dev.trustmap.scanner.registry.RegistryClient;
import dev.trustmap.scanner.sbom.Purls;
import dev.trustmap.scanner.sigstore.AttestationCheck;
import dev.trustmap.scanner.sigstore.IdentityRule;
import dev.trustmap.scanner.sigstore.SigstoreVerifier;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Evidence from the npm registry's package document: maintainers, the publisher of each version
 * ({@code _npmUser}) and of the one before it, release times, {@code deprecated}, install scripts,
 * provenance attestations (fetched and verified offline: the Sigstore bundle's certificate, signature
 * and transparency-log proofs against the trusted root, the signing workflow being the declared
 * repository's, the statement's subject being the tarball's SHA-512), registry signatures (verified
 * against the registry's public keys), the declared repository and the tarball's integrity against
 * the SBOM's hash. Fields the registry does not send stay unknown.
 */
public final class NpmCollector implements EvidenceCollector {
    static final String REGISTRY = "npm";
    private static final Set<String> JSON = Set.of("application/json", "application/vnd.npm.install-v1+json");
    private static final List<String> INSTALL_SCRIPTS = List.of("preinstall", "install", "postinstall");

    private final RegistryClient client;
    private final String base;
    private final SigstoreVerifier sigstore;
    private final NpmRegistryKeys registryKeys;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public NpmCollector(RegistryClient client, String base, SigstoreVerifier sigstore, NpmRegistryKeys registryKeys, Clock clock) {
        this.client = client;
        this.base = base;
        this.sigstore = sigstore;
        this.registryKeys = registryKeys;
        this.clock = clock;
    }

    @Override
    public String ecosystem() {
        return "npm";
    }

    @Override
    public CollectedEvidence collect(Purls.Normalised purl, Map<String, String> sbomHashes) {
        EvidenceTrail trail = new EvidenceTrail();
        Instant now = clock.instant();
        String name = purl.namespace() == null ? purl.name() : purl.namespace() + "/" + purl.name();
        String version = purl.version();
        String url = base + "/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("%40", "@");
        Fetched doc = client.get(REGISTRY, url, JSON);
        trail.problem(doc);
        JsonNode root = null;
        if (doc.found()) {
            try {
                root = json.readTree(doc.body());
                if (root == null || !root.isObject() || !root.path("versions").isObject()) {
                    trail.problem(url + ": not an npm package document");
                    root = null;
                }
            } catch (JsonProcessingException e) {
                trail.problem(url + ": not valid JSON (" + e.getOriginalMessage() + ")");
            } catch (java.io.IOException e) {
                trail.problem(url + ": unreadable (" + e.getMessage() + ")");
            }
        } else if (doc.notFound()) {
            trail.problem(name + " is not on the npm registry");
        }
        JsonNode v = root == null || version == null ? null : root.path("versions").get(version);
        if (root != null && v == null) {
            trail.problem(name + "@" + version + " is not in the registry's package document");
        }
        if (v == null) {
            String why = doc.found() ? "version not in the registry document" : doc.notFound() ? "package not on the registry" : doc.error();
            PackageEvidence unknown = PackageEvidence.unknown("npm");
            for (String signal : List.of("attestation", "source-repository", "hash", "last-release", "release-cadence",
                    "maintainers", "publisher-change", "deprecated", "install-scripts", "license-change")) {
                trail.record(signal, EvidenceTrail.unknown(doc, why), doc);
            }
            return new CollectedEvidence(purl.versionPurl(), REGISTRY, unknown, null, trail.items, now, trail.problems);
        }

        List<Release> releases = releases(root);
        Release self = releases.stream().filter(r -> r.version.equals(version)).findFirst().orElse(null);
        Release previous = null;
        for (Release r : releases) {
            if (r.version.equals(version)) {
                break;
            }
            previous = r;
        }

        // provenance
        String repository = repository(v.path("repository"));
        Signal<String> scm = trail.record("source-repository", repository == null ? EvidenceTrail.absent(doc)
                : EvidenceTrail.present(repository, doc, null), doc);
        String integrity = v.path("dist").path("integrity").asText(null);
        List<String> provenanceProblems = new ArrayList<>();
        Signal<Boolean> attestation = attestation(name, version, v, integrity, repository, doc, trail, provenanceProblems);
        registrySignature(name, version, v, integrity, self == null ? null : self.published, doc, trail, provenanceProblems);
        Signal<Boolean> hash = trail.record("hash", hash(v.path("dist"), sbomHashes, doc), doc);

        // maintainer health
        Instant newest = releases.stream().map(r -> r.published).filter(java.util.Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
        Signal<Instant> lastRelease = trail.record("last-release", newest == null ? EvidenceTrail.unknown(doc, "no release times")
                : EvidenceTrail.present(newest, doc, null), doc);
        Signal<Integer> cadence = trail.record("release-cadence", newest == null ? EvidenceTrail.unknown(doc, "no release times")
                : EvidenceTrail.present((int) releases.stream().filter(r -> r.published != null
                && !r.published.isBefore(now.minus(Duration.ofDays(365)))).count(), doc, null), doc);
        JsonNode maintainersNode = root.path("maintainers");
        Signal<Integer> maintainers = trail.record("maintainers", maintainersNode.isArray()
                ? (maintainersNode.isEmpty() ? EvidenceTrail.absent(doc) : EvidenceTrail.present(maintainersNode.size(), doc,
                names(maintainersNode)))
                : EvidenceTrail.unknown(doc, "the registry sent no maintainers"), doc);
        Signal<Instant> publisherChange;
        if (self != null && self.publisher != null && previous != null && previous.publisher != null) {
            publisherChange = self.publisher.equals(previous.publisher) ? EvidenceTrail.absent(doc)
                    : EvidenceTrail.present(self.published != null ? self.published : now, doc,
                    "published by " + self.publisher + ", " + previous.version + " by " + previous.publisher);
        } else if (self != null && self.publisher != null && previous == null) {
            publisherChange = EvidenceTrail.absent(doc);
        } else {
            publisherChange = EvidenceTrail.unknown(doc, "the registry does not say who published "
                    + (self == null || self.publisher == null ? version : previous.version));
        }
        trail.record("publisher-change", publisherChange, doc);
        JsonNode deprecatedNode = v.get("deprecated");
        boolean deprecated = deprecatedNode != null && !(deprecatedNode.isBoolean() && !deprecatedNode.asBoolean())
                && !deprecatedNode.asText("").isEmpty();
        Signal<Boolean> deprecation = trail.record("deprecated", EvidenceTrail.present(deprecated, doc,
                deprecated ? "\"" + truncate(deprecatedNode.asText(), 200) + "\"" : null), doc);
        List<String> scripts = installScripts(v);
        Signal<Boolean> installScripts = trail.record("install-scripts", EvidenceTrail.present(!scripts.isEmpty(), doc,
                scripts.isEmpty() ? null : truncate(String.join("; ", scripts), 300)), doc);
        Signal<Boolean> licenseChanged = Signal.unknown();
        if (previous != null && self.license != null && previous.license != null) {
            boolean changed = !self.license.equals(previous.license);
            licenseChanged = EvidenceTrail.present(changed, doc, changed ? previous.license + " → " + self.license : null);
        }
        trail.record("license-change", licenseChanged, doc);

        Signal<Boolean> sigstore = Signal.unknown();
        Signal<Boolean> pgp = Signal.unknown();
        PackageEvidence evidence = new PackageEvidence("npm", sigstore, attestation, pgp, scm, hash, lastRelease, cadence,
                maintainers, publisherChange, deprecation, installScripts, licenseChanged);
        String provenanceProblem = provenanceProblems.isEmpty() ? null : String.join("; ", provenanceProblems);
        List<ReleaseFact> facts = releases.stream().map(r -> new ReleaseFact(r.version, r.published, r.publisher, r.attested,
                r.installScripts, r.license, r.deprecated, r.version.equals(version) ? provenanceProblem : null)).toList();
        return new CollectedEvidence(purl.versionPurl(), REGISTRY, evidence,
                new RegistryFacts(purl.packagePurl(), version, doc.url(), facts), trail.items, now, trail.problems);
    }

    /**
     * The SLSA provenance attestation, verified. Present and true only when it verifies against the
     * trusted root, was signed by a workflow of the declared repository and names this tarball; a
     * forged, tampered or mismatching one is present and false, and its reason is added to
     * {@code problems} (a trust event); one in a format that cannot be checked offline is unknown.
     */
    private Signal<Boolean> attestation(String name, String version, JsonNode v, String integrity, String declaredRepository,
                                        Fetched doc, EvidenceTrail trail, List<String> problems) {
        JsonNode attestations = v.path("dist").path("attestations");
        if (!attestations.isObject()) {
            return trail.record("attestation", EvidenceTrail.absent(doc), doc);
        }
        String listed = attestations.path("url").asText(null);
        int path = listed == null ? -1 : listed.indexOf("/-/npm/v1/attestations/");
        if (path < 0) {
            return trail.record("attestation", EvidenceTrail.present(false, doc, "attestation listed without a registry URL"), doc);
        }
        // always asked of the configured registry (a mirror, say), never of a host the document names
        String url = base + listed.substring(path);
        Fetched fetched = client.get(REGISTRY, url, JSON);
        trail.problem(fetched);
        if (!fetched.found()) {
            return trail.record("attestation", fetched.notFound()
                    ? EvidenceTrail.present(false, fetched, "the listed attestation is missing")
                    : EvidenceTrail.unknown(fetched, fetched.error()), fetched);
        }
        String bundle;
        try {
            bundle = ProvenanceStatements.slsaBundle(json.readTree(fetched.body()));
        } catch (java.io.IOException e) {
            trail.problem(url + ": unreadable attestation (" + e.getMessage() + ")");
            return trail.record("attestation", EvidenceTrail.unknown(fetched, "unreadable attestation"), fetched);
        }
        if (bundle == null) {
            return trail.record("attestation", EvidenceTrail.present(false, fetched, "no SLSA provenance statement"), fetched);
        }
        byte[] tarballSha512 = sha512(integrity);
        if (tarballSha512 == null) {
            return trail.record("attestation", EvidenceTrail.unknown(fetched,
                    "the registry gives no SHA-512 integrity to check the attestation's subject against"), fetched);
        }
        String declared = declaredRepository == null ? null : normaliseRepo(declaredRepository);
        IdentityRule rule = declared == null ? (identity, issuer) -> null : IdentityRule.workflowOf(declared);
        AttestationCheck check = sigstore.verifyAttestation(bundle, "sha512", tarballSha512, rule);
        String log = check.logIndex() == null ? "" : ", Rekor log index " + check.logIndex();
        switch (check.outcome()) {
            case VERIFIED -> {
                String source = ProvenanceStatements.sourceRepository(check.statement(), json);
                if (declared == null) {
                    return trail.record("attestation", EvidenceTrail.present(false, fetched, "verified, built by " + check.identity()
                            + (source == null ? "" : " from " + source) + ", but the package declares no repository to hold it to"), fetched);
                }
                return trail.record("attestation", EvidenceTrail.present(true, fetched, CollectedEvidence.VERIFIED + "built by " + check.identity()
                        + (source == null ? "" : " from " + source) + log), fetched);
            }
            case FAILED -> {
                problems.add("the provenance attestation of " + name + "@" + version + " does not verify: " + check.reason());
                return trail.record("attestation", EvidenceTrail.present(false, fetched, "does not verify: " + check.reason()), fetched);
            }
            default -> {
                return trail.record("attestation", EvidenceTrail.unknown(fetched, "cannot be checked: " + check.reason()), fetched);
            }
        }
    }

    /** {@code dist.signatures} against the registry's keys; a signature that fails is a problem (a trust event). */
    private void registrySignature(String name, String version, JsonNode v, String integrity, Instant published, Fetched doc,
                                   EvidenceTrail trail, List<String> problems) {
        JsonNode dist = v.path("dist");
        if (!dist.isObject() || !dist.has("signatures")) {
            trail.record("registry-signature", EvidenceTrail.unknown(doc, "the registry sent no signature field"), doc);
            return;
        }
        NpmRegistryKeys.Check check = registryKeys.verify(name, version, integrity, dist.get("signatures"), published);
        switch (check.outcome()) {
            case VERIFIED -> trail.record("registry-signature", EvidenceTrail.present(true, doc, check.detail()), doc);
            case FAILED -> {
                problems.add("the registry signature of " + name + "@" + version + " does not verify: " + check.detail());
                trail.record("registry-signature", EvidenceTrail.present(false, doc, check.detail()), doc);
            }
            case UNKNOWN_KEY -> trail.record("registry-signature", EvidenceTrail.unknown(doc, check.detail()), doc);
            default -> trail.record("registry-signature", EvidenceTrail.absent(doc), doc);
        }
    }

    private static byte[] sha512(String integrity) {
        if (integrity == null) {
            return null;
        }
        for (String part : integrity.trim().split("\\s+")) {
            if (part.startsWith("sha512-")) {
                try {
                    byte[] digest = Base64.getDecoder().decode(part.substring(7));
                    return digest.length == 64 ? digest : null;
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static Signal<Boolean> hash(JsonNode dist, Map<String, String> sbom, Fetched doc) {
        String integrity = dist.path("integrity").asText(null);
        String shasum = dist.path("shasum").asText(null);
        String sbom512 = sbom.get("SHA-512");
        String sbom1 = sbom.get("SHA-1");
        if (integrity != null && integrity.startsWith("sha512-") && sbom512 != null) {
            try {
                String registry = HexFormat.of().formatHex(Base64.getDecoder().decode(integrity.substring(7)));
                boolean same = registry.equalsIgnoreCase(sbom512);
                return EvidenceTrail.present(same, doc, same ? "SHA-512 integrity" : "registry SHA-512 " + registry + ", SBOM " + sbom512);
            } catch (IllegalArgumentException e) {
                return EvidenceTrail.unknown(doc, "malformed integrity value");
            }
        }
        if (shasum != null && sbom1 != null) {
            boolean same = shasum.equalsIgnoreCase(sbom1);
            return EvidenceTrail.present(same, doc, same ? "SHA-1 shasum" : "registry SHA-1 " + shasum + ", SBOM " + sbom1);
        }
        if (integrity == null && shasum == null) {
            return EvidenceTrail.absent(doc);
        }
        return EvidenceTrail.unknown(doc, "the SBOM gives no SHA-512 or SHA-1 for this component");
    }

    private static List<Release> releases(JsonNode root) {
        List<Release> releases = new ArrayList<>();
        JsonNode time = root.path("time");
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("versions").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            Instant published = null;
            try {
                String t = time.path(e.getKey()).asText(null);
                published = t == null ? null : java.time.OffsetDateTime.parse(t).toInstant();
            } catch (DateTimeParseException ignored) {
                // an unparsable date is an unknown date
            }
            String publisher = v.path("_npmUser").path("name").asText(null);
            Boolean attested = v.path("dist").isObject() ? v.path("dist").path("attestations").isObject() : null;
            JsonNode deprecated = v.get("deprecated");
            releases.add(new Release(e.getKey(), published, publisher, attested, !installScripts(v).isEmpty(), license(v.get("license")),
                    deprecated != null && !deprecated.asText("").isEmpty() && !"false".equals(deprecated.asText())));
        }
        releases.sort(Comparator.comparing((Release r) -> r.published, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(r -> r.version));
        return releases;
    }

    private static List<String> installScripts(JsonNode v) {
        List<String> found = new ArrayList<>();
        for (String s : INSTALL_SCRIPTS) {
            JsonNode script = v.path("scripts").get(s);
            if (script != null && script.isTextual() && !script.asText().isBlank()) {
                found.add(s + ": " + script.asText());
            }
        }
        return found;
    }

    private static String license(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        return node.path("type").asText(null);
    }

    private static String repository(JsonNode node) {
        String url = node.isTextual() ? node.asText() : node.path("url").asText(null);
        return url == null || url.isBlank() ? null : url;
    }

    static String normaliseRepo(String url) {
        String u = url.trim().toLowerCase(Locale.ROOT);
        u = u.replaceFirst("^git\\+", "").replaceFirst("^git://", "https://").replaceFirst("^ssh://git@", "https://")
                .replaceFirst("^git@github\\.com:", "https://github.com/").replaceFirst("^github:", "https://github.com/");
        int at = u.indexOf('@', u.indexOf("://") + 3);
        if (at > 0 && u.indexOf('/', u.indexOf("://") + 3) > at) {
            u = u.substring(0, at);
        }
        u = u.replaceFirst("#.*$", "").replaceFirst("\\.git$", "").replaceFirst("/+$", "");
        return u;
    }

    private static String names(JsonNode maintainers) {
        List<String> names = new ArrayList<>();
        maintainers.forEach(m -> names.add(m.isTextual() ? m.asText() : m.path("name").asText("?")));
        return truncate(String.join(", ", names), 200);
    }

    private static String truncate(String s, int max) {
        return s.length() > max ? s.substring(0, max) + "…" : s;
    }

    private record Release(String version, Instant published, String publisher, Boolean attested, Boolean installScripts,
                           String license, Boolean deprecated) {
    }
}
