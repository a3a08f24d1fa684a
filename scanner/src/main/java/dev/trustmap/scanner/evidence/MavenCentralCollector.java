package dev.trustmap.scanner.evidence;

import dev.trustmap.policy.evidence.RegistryFacts;
import dev.trustmap.policy.evidence.ReleaseFact;
import dev.trustmap.policy.score.EvidenceState;
import dev.trustmap.policy.score.PackageEvidence;
import dev.trustmap.policy.score.Signal;
import dev.trustmap.scanner.registry.Fetched;
import dev.trustmap.scanner.registry.RegistryClient;
import dev.trustmap.scanner.sbom.Purls;
import dev.trustmap.scanner.sigstore.SigstoreVerification;
import dev.trustmap.scanner.sigstore.SigstoreVerifier;
import dev.trustmap.scanner.version.VersionOrdering;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Evidence from Maven Central itself: {@code maven-metadata.xml} (versions, last update), the POM
 * (developers, SCM, licences, relocation; one parent level when the POM inherits them), the
 * artifact's {@code .asc} and {@code .sigstore.json} (fully verified offline), the registry's
 * SHA-1 / SHA-256 against the SBOM's, and the previous release's POM and bundle (licence change,
 * provenance regression). Releases are dated by their POM's {@code Last-Modified} (the newest ones,
 * for recency and cadence, and the inventory version itself). Maven Central records no publisher:
 * that signal stays unknown, and says so.
 */
public final class MavenCentralCollector implements EvidenceCollector {
    static final String REGISTRY = "maven-central";
    private static final Set<String> XML = Set.of("text/xml", "application/xml", "application/octet-stream", "text/plain");
    private static final Set<String> ANY = Set.of();
    private static final int PARENT_LEVELS = 3;
    /** At most this many POMs are fetched to date a package's recent releases (on top of the inventory version's). */
    static final int DATED_RELEASES = 30;

    private final RegistryClient client;
    private final String base;
    private final SigstoreVerifier sigstore;
    private final Clock clock;

    public MavenCentralCollector(RegistryClient client, String base, SigstoreVerifier sigstore, Clock clock) {
        this.client = client;
        this.base = base;
        this.sigstore = sigstore;
        this.clock = clock;
    }

    @Override
    public String ecosystem() {
        return "maven";
    }

    @Override
    public CollectedEvidence collect(Purls.Normalised purl, Map<String, String> sbomHashes) {
        EvidenceTrail trail = new EvidenceTrail();
        Instant now = clock.instant();
        String group = purl.namespace();
        String artifact = purl.name();
        String version = purl.version();
        if (group == null || version == null) {
            trail.problem("a Maven purl needs a namespace (groupId) and a version");
            return new CollectedEvidence(purl.versionPurl(), REGISTRY, PackageEvidence.unknown("maven"), null, trail.items, now, trail.problems);
        }
        String dir = base + "/" + group.replace('.', '/') + "/" + artifact + "/";

        Fetched metadataFetch = client.get(REGISTRY, dir + "maven-metadata.xml", XML);
        trail.problem(metadataFetch);
        Metadata metadata = null;
        if (metadataFetch.found()) {
            try {
                metadata = Metadata.parse(metadataFetch.body());
            } catch (XmlDocuments.BadDocumentException e) {
                trail.problem(metadataFetch.url() + ": " + e.getMessage());
            }
        }
        Fetched pomFetch = client.get(REGISTRY, dir + version + "/" + artifact + "-" + version + ".pom", XML);
        trail.problem(pomFetch);
        Pom pom = withParents(readPom(pomFetch, trail), trail);
        if (metadataFetch.notFound() && pomFetch.notFound()) {
            trail.problem(purl.versionPurl() + " is not on Maven Central");
        }
        String extension = pom == null ? "jar" : pom.extension();
        String file = dir + version + "/" + artifact + "-" + version + "." + extension;

        Dating dating = metadata == null ? null : date(dir, artifact, metadata, now, trail);
        Signal<Instant> lastRelease;
        Signal<Integer> cadence;
        if (dating == null) {
            lastRelease = trail.record("last-release", EvidenceTrail.unknown(metadataFetch, metadataDetail(metadataFetch)), metadataFetch);
            cadence = trail.record("release-cadence", EvidenceTrail.unknown(metadataFetch, metadataDetail(metadataFetch)), metadataFetch);
        } else {
            lastRelease = trail.record("last-release", dating.lastRelease(), dating.newest());
            cadence = trail.record("release-cadence", dating.cadence(), dating.newest());
        }
        Signal<Instant> released = trail.record("version-released", pomFetch.found() && pomFetch.lastModified() != null
                ? EvidenceTrail.present(pomFetch.lastModified(), pomFetch, "its POM's Last-Modified")
                : EvidenceTrail.unknown(pomFetch, pomFetch.found() ? "Central sent no Last-Modified for the POM" : pomFetch.error()), pomFetch);

        Fetched asc = client.get(REGISTRY, file + ".asc", ANY);
        trail.problem(asc);
        Signal<Boolean> pgp = asc.found() ? EvidenceTrail.present(true, asc, null)
                : asc.notFound() ? EvidenceTrail.absent(asc) : EvidenceTrail.unknown(asc, asc.error());
        trail.record("pgp-signature", pgp, asc);

        Fetched sha1 = client.get(REGISTRY, file + ".sha1", ANY);
        Fetched sha256 = client.get(REGISTRY, file + ".sha256", ANY);
        trail.problem(sha1);
        trail.problem(sha256);
        String registrySha1 = checksum(sha1, 40);
        String registrySha256 = checksum(sha256, 64);
        Signal<Boolean> hash = compareHashes(sbomHashes, registrySha1, sha1, registrySha256, sha256);
        trail.record("hash", hash, registrySha256 != null ? sha256 : sha1);

        Fetched bundle = client.get(REGISTRY, file + ".sigstore.json", ANY);
        trail.problem(bundle);
        Signal<Boolean> signature;
        if (bundle.found()) {
            String digest = registrySha256 != null ? registrySha256 : sbomHashes.get("SHA-256");
            if (digest == null) {
                signature = EvidenceTrail.unknown(bundle, "bundle present, but no SHA-256 of the artifact to verify it against");
            } else {
                SigstoreVerification result = sigstore.verify(HexFormat.of().parseHex(digest), bundle.text(), null, null);
                signature = EvidenceTrail.present(result.verified(), bundle, result.describe());
            }
        } else if (bundle.notFound()) {
            signature = EvidenceTrail.absent(bundle);
        } else {
            signature = EvidenceTrail.unknown(bundle, bundle.error());
        }
        trail.record("sigstore", signature, bundle);

        Signal<String> scm;
        Signal<Integer> maintainers;
        Signal<Boolean> deprecated;
        if (pom == null) {
            scm = trail.record("source-repository", EvidenceTrail.unknown(pomFetch, pomFetch.error()), pomFetch);
            maintainers = trail.record("maintainers", EvidenceTrail.unknown(pomFetch, pomFetch.error()), pomFetch);
            deprecated = trail.record("deprecated", EvidenceTrail.unknown(pomFetch, pomFetch.error()), pomFetch);
        } else {
            scm = trail.record("source-repository", pom.scm() == null ? EvidenceTrail.absent(pomFetch)
                    : EvidenceTrail.present(pom.scm(), pomFetch, null), pomFetch);
            maintainers = trail.record("maintainers", pom.developers() == 0 ? EvidenceTrail.absent(pomFetch)
                    : EvidenceTrail.present(pom.developers(), pomFetch, "developers listed in the POM"), pomFetch);
            deprecated = trail.record("deprecated", pom.relocation() == null ? EvidenceTrail.present(false, pomFetch, null)
                    : EvidenceTrail.present(true, pomFetch, "relocated to " + pom.relocation()), pomFetch);
        }
        Signal<Instant> publisher = trail.record("publisher-change",
                EvidenceTrail.unknown(null, "Maven Central does not record who published a release"), null);
        Signal<Boolean> scripts = Signal.absent(null, now);

        // The previous release: licence change and provenance regression.
        String previousVersion = metadata == null ? null : metadata.predecessor(version);
        Signal<Boolean> licenseChanged = Signal.unknown();
        Boolean previousSigned = null;
        String previousLicense = null;
        Map<String, Instant> dates = new HashMap<>(dating == null ? Map.of() : dating.dates());
        if (pomFetch.found() && pomFetch.lastModified() != null) {
            dates.put(version, pomFetch.lastModified());
        }
        if (previousVersion != null) {
            String previousDir = dir + previousVersion + "/" + artifact + "-" + previousVersion;
            Fetched previousPomFetch = client.get(REGISTRY, previousDir + ".pom", XML);
            trail.problem(previousPomFetch);
            if (previousPomFetch.found() && previousPomFetch.lastModified() != null) {
                dates.put(previousVersion, previousPomFetch.lastModified());
            }
            Pom previousPom = withParents(readPom(previousPomFetch, trail), trail);
            previousLicense = previousPom == null ? null : previousPom.licenses();
            if (pom != null && previousPom != null && pom.licenses() != null && previousLicense != null) {
                boolean changed = !pom.licenses().equals(previousLicense);
                licenseChanged = EvidenceTrail.present(changed, previousPomFetch,
                        changed ? previousLicense + " → " + pom.licenses() : null);
            }
            trail.record("license-change", licenseChanged, previousPomFetch);
            Fetched previousBundle = client.get(REGISTRY, previousDir + "." + extension + ".sigstore.json", ANY);
            trail.problem(previousBundle);
            previousSigned = previousBundle.found() ? Boolean.TRUE : previousBundle.notFound() ? Boolean.FALSE : null;
        }
        Signal<Boolean> attestation = Signal.unknown();

        PackageEvidence evidence = new PackageEvidence("maven", signature, attestation, pgp, scm, hash, lastRelease, cadence,
                maintainers, publisher, deprecated, scripts, licenseChanged, released);
        RegistryFacts facts = metadata == null ? null
                : facts(purl, metadata, metadataFetch, version, pom, signature, previousVersion, previousSigned, previousLicense, dates);
        return new CollectedEvidence(purl.versionPurl(), REGISTRY, evidence, facts, trail.items, now, trail.problems);
    }

    private RegistryFacts facts(Purls.Normalised purl, Metadata metadata, Fetched source, String version, Pom pom,
                                Signal<Boolean> signature, String previousVersion, Boolean previousSigned, String previousLicense,
                                Map<String, Instant> dates) {
        List<ReleaseFact> releases = new ArrayList<>();
        for (String v : metadata.versions()) {
            Instant published = dates.get(v);
            if (v.equals(version)) {
                Boolean signed = signature.state().known() ? signature.isPresent() : null;
                // a published bundle that does not verify is forged or tampered with: a trust event
                String problem = signature.state() == EvidenceState.PRESENT && Boolean.FALSE.equals(signature.value())
                        ? "the Sigstore bundle of " + purl.versionPurl() + " " + signature.detail() : null;
                releases.add(new ReleaseFact(v, published, null, signed, false, pom == null ? null : pom.licenses(),
                        pom == null ? null : pom.relocation() != null, problem));
            } else if (v.equals(previousVersion)) {
                releases.add(new ReleaseFact(v, published, null, previousSigned, false, previousLicense, null));
            } else {
                releases.add(new ReleaseFact(v, published, null, null, null, null, null));
            }
        }
        return new RegistryFacts(purl.packagePurl(), version, source.url(), releases);
    }

    /** Publication times of the newest releases, what they say about recency and cadence, and the newest release's POM fetch. */
    record Dating(Map<String, Instant> dates, Signal<Instant> lastRelease, Signal<Integer> cadence, Fetched newest) {
    }

    /**
     * Dates releases by their POM's {@code Last-Modified} (when Central received it), newest first, until the first one
     * published more than a year ago, at most {@value #DATED_RELEASES} POMs (cached like every answer; an immutable POM
     * is revalidated with a conditional request). A release that cannot be dated ends the walk: what it would have
     * said stays unknown.
     */
    private Dating date(String dir, String artifact, Metadata metadata, Instant now, EvidenceTrail trail) {
        List<String> newestFirst = new ArrayList<>(metadata.versions());
        java.util.Collections.reverse(newestFirst);
        Map<String, Instant> dates = new HashMap<>();
        Instant yearAgo = now.minus(Duration.ofDays(365));
        Fetched newest = null;
        String undated = null;
        String undatedWhy = null;
        boolean reachedOld = false;
        int recent = 0;
        int walked = 0;
        for (String v : newestFirst) {
            if (walked == DATED_RELEASES) {
                break;
            }
            walked++;
            Fetched f = client.get(REGISTRY, dir + v + "/" + artifact + "-" + v + ".pom", XML);
            trail.problem(f);
            newest = newest == null ? f : newest;
            if (!f.found() || f.lastModified() == null) {
                undated = v;
                undatedWhy = f.found() ? "Central sent no Last-Modified for its POM" : f.notFound() ? "no POM" : f.error();
                break;
            }
            dates.put(v, f.lastModified());
            if (f.lastModified().isBefore(yearAgo)) {
                reachedOld = true;
                break;
            }
            recent++;
        }
        if (newest == null) {
            Signal<Instant> none = Signal.absent(dir + "maven-metadata.xml", now);
            return new Dating(dates, none, Signal.present(0, dir + "maven-metadata.xml", now, "no releases listed"), null);
        }
        String first = newestFirst.get(0);
        Signal<Instant> lastRelease;
        if (dates.containsKey(first)) {
            lastRelease = EvidenceTrail.present(dates.get(first), newest, first);
        } else if (newest.found() && metadata.lastUpdated() != null) {
            // a mirror or proxy that drops Last-Modified: Central rewrites maven-metadata.xml when it receives a release,
            // so its lastUpdated dates the newest release (only that one: cadence and this version's date stay unknown)
            lastRelease = EvidenceTrail.present(metadata.lastUpdated(), newest, first + ", by maven-metadata.xml's lastUpdated: " + undatedWhy);
        } else {
            lastRelease = EvidenceTrail.unknown(newest, first + ": " + undatedWhy);
        }
        Signal<Integer> cadence;
        if (undated != null) {
            cadence = EvidenceTrail.unknown(newest, "release " + undated + " cannot be dated (" + undatedWhy + ")");
        } else if (reachedOld || walked == newestFirst.size()) {
            cadence = EvidenceTrail.present(recent, newest, "dated by each POM's Last-Modified");
        } else {
            cadence = EvidenceTrail.present(recent, newest, "at least " + recent + ": only the newest " + DATED_RELEASES + " releases are dated");
        }
        return new Dating(Map.copyOf(dates), lastRelease, cadence, newest);
    }

    private static Pom readPom(Fetched fetched, EvidenceTrail trail) {
        if (!fetched.found()) {
            return null;
        }
        try {
            return Pom.parse(fetched.body());
        } catch (XmlDocuments.BadDocumentException e) {
            trail.problem(fetched.url() + ": " + e.getMessage());
            return null;
        }
    }

    /** Fills developers, SCM and licences from up to {@value #PARENT_LEVELS} parent POMs (cached like every answer). */
    private Pom withParents(Pom pom, EvidenceTrail trail) {
        Pom resolved = pom;
        String next = pom == null ? null : pom.parent();
        for (int level = 0; resolved != null && resolved.needsParent() && next != null && level < PARENT_LEVELS; level++) {
            Fetched parentFetch = client.get(REGISTRY, pomUrl(next), XML);
            trail.problem(parentFetch);
            Pom parent = readPom(parentFetch, trail);
            if (parent == null) {
                break;
            }
            resolved = resolved.inherit(parent);
            next = parent.parent();
        }
        return resolved;
    }

    private String pomUrl(String gav) {
        String[] p = gav.split(":");
        return base + "/" + p[0].replace('.', '/') + "/" + p[1] + "/" + p[2] + "/" + p[1] + "-" + p[2] + ".pom";
    }

    private static String metadataDetail(Fetched f) {
        return f.notFound() ? "no maven-metadata.xml" : f.error();
    }

    private static String checksum(Fetched f, int length) {
        if (!f.found()) {
            return null;
        }
        String text = f.text().trim();
        int space = text.indexOf(' ');
        String value = (space > 0 ? text.substring(0, space) : text).toLowerCase(Locale.ROOT);
        return value.length() == length && value.chars().allMatch(c -> Character.digit(c, 16) >= 0) ? value : null;
    }

    private static Signal<Boolean> compareHashes(Map<String, String> sbom, String sha1, Fetched sha1Fetch, String sha256,
                                                 Fetched sha256Fetch) {
        String sbom256 = sbom.get("SHA-256");
        String sbom1 = sbom.get("SHA-1");
        if (sha256 != null && sbom256 != null) {
            boolean same = sha256.equalsIgnoreCase(sbom256);
            return EvidenceTrail.present(same, sha256Fetch, same ? "SHA-256 " + sha256 : "registry SHA-256 " + sha256 + ", SBOM " + sbom256);
        }
        if (sha1 != null && sbom1 != null) {
            boolean same = sha1.equalsIgnoreCase(sbom1);
            return EvidenceTrail.present(same, sha1Fetch, same ? "SHA-1 " + sha1 : "registry SHA-1 " + sha1 + ", SBOM " + sbom1);
        }
        if (sha1 == null && sha256 == null) {
            if (sha1Fetch.notFound() && sha256Fetch.notFound()) {
                return EvidenceTrail.absent(sha1Fetch);
            }
            return EvidenceTrail.unknown(sha1Fetch, sha1Fetch.error() != null ? sha1Fetch.error() : "no usable registry checksum");
        }
        return EvidenceTrail.unknown(sha256 != null ? sha256Fetch : sha1Fetch, "the SBOM gives no SHA-1 or SHA-256 for this component");
    }

    /** {@code maven-metadata.xml}. */
    record Metadata(List<String> versions, Instant lastUpdated) {
        static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

        static Metadata parse(byte[] xml) throws XmlDocuments.BadDocumentException {
            org.w3c.dom.Document doc = XmlDocuments.parse(xml);
            if (!"metadata".equals(doc.getDocumentElement().getLocalName() == null ? doc.getDocumentElement().getNodeName()
                    : doc.getDocumentElement().getLocalName())) {
                throw new XmlDocuments.BadDocumentException("not a maven-metadata.xml document");
            }
            List<String> versions = XmlDocuments.texts(doc.getDocumentElement(), "versioning", "versions", "version");
            String stamp = XmlDocuments.text(doc.getDocumentElement(), "versioning", "lastUpdated");
            Instant last = null;
            if (stamp != null && stamp.matches("\\d{14}")) {
                last = LocalDateTime.parse(stamp, STAMP).toInstant(ZoneOffset.UTC);
            }
            return new Metadata(versions.stream().sorted(VersionOrdering.forEcosystem("maven")).toList(), last);
        }

        String predecessor(String version) {
            int i = versions.indexOf(version);
            return i > 0 ? versions.get(i - 1) : null;
        }
    }
}
