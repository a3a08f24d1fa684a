package dev.trustmap.scanner.sbom;

import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads CycloneDX JSON and XML (spec 1.4–1.6) as a stream: a first pass checks the encoding
 * (strict UTF-8), the syntax, the format and spec version and reads the header; a second pass
 * hands every component and dependency entry to a {@link SbomHandler} as it is read. No object
 * model of the whole document is built, so memory does not grow with the document (only the
 * set of bom-refs, to refuse duplicates). Everything a client can get wrong ends in an
 * {@link SbomException} that names the problem, the place (JSON pointer or line and column) and,
 * for stored fields, the limit. XML with a DOCTYPE or entities is refused before anything else,
 * so XXE and entity expansion never run. Instances are thread-safe.
 */
public final class SbomReader {
    public static final Set<String> SUPPORTED_SPEC_VERSIONS = Set.of("1.4", "1.5", "1.6");

    private final SbomLimits limits;

    public SbomReader() {
        this(SbomLimits.defaults());
    }

    public SbomReader(SbomLimits limits) {
        this.limits = limits;
    }

    /** Reads a whole document into memory (the CLI and tests; the portal streams with {@link #read(SbomSource, SbomFormat, SbomHandler)}). */
    public ParsedSbom read(byte[] document, SbomFormat format) throws SbomException {
        Collector collector = new Collector();
        SbomSummary summary = read(SbomSource.of(document), format, collector);
        return collector.parsed(summary);
    }

    /** Checks the document and streams its components and dependency entries to {@code handler}. */
    public SbomSummary read(SbomSource source, SbomFormat format, SbomHandler handler) throws SbomException {
        Header header = check(source, format);
        handler.start(header.rootRef());
        Counts counts = format == SbomFormat.JSON
                ? new JsonSbomPass(limits, handler).read(source)
                : new XmlSbomPass(limits, handler).read(source);
        return new SbomSummary(format, header.specVersion(), header.serialNumber(), header.digest(), header.rootRef(),
                counts.withPurl(), counts.withoutPurl(), header.size());
    }

    /** What the first pass learns. */
    record Header(String specVersion, String serialNumber, String rootRef, String digest, long size) {
    }

    /** What the second pass counted. */
    record Counts(int withPurl, int withoutPurl) {
    }

    private Header check(SbomSource source, SbomFormat format) throws SbomException {
        MessageDigest sha256 = sha256Digest();
        try (InputStream raw = source.open(); CountingStream counting = new CountingStream(new DigestInputStream(raw, sha256))) {
            Header header = format == SbomFormat.JSON ? JsonSbomPass.header(counting) : XmlSbomPass.header(counting);
            counting.transferTo(java.io.OutputStream.nullOutputStream()); // the digest covers every byte
            if (counting.count() == 0) {
                throw new SbomException(SbomProblem.EMPTY, "The request body is empty; expected a CycloneDX document");
            }
            if (header.serialNumber() != null && header.serialNumber().length() > SbomLimits.SERIAL_NUMBER) {
                throw new SbomException(SbomProblem.INVALID_STRUCTURE, "The document is not a valid CycloneDX BOM: serialNumber is "
                        + header.serialNumber().length() + " characters long; at most " + SbomLimits.SERIAL_NUMBER + " are stored");
            }
            return new Header(requireSupported(header.specVersion()), header.serialNumber(), header.rootRef(),
                    HexFormat.of().formatHex(sha256.digest()), counting.count());
        } catch (EmptyDocument e) {
            throw new SbomException(SbomProblem.EMPTY, "The request body is empty; expected a CycloneDX document");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new SbomException(SbomProblem.INVALID_ENCODING, StrictText.INVALID_UTF8);
        } catch (IOException e) {
            throw new SbomException(format == SbomFormat.JSON ? SbomProblem.MALFORMED_JSON : SbomProblem.MALFORMED_XML,
                    "The document could not be read: " + firstLine(e.getMessage()));
        }
    }

    /** Thrown by a first pass that found no content at all. */
    static final class EmptyDocument extends IOException {
        EmptyDocument() {
            super("empty", null);
        }
    }

    private static String requireSupported(String specVersion) throws SbomException {
        if (specVersion == null) {
            throw new SbomException(SbomProblem.UNSUPPORTED_SPEC_VERSION, "The CycloneDX spec version is missing");
        }
        if (!SUPPORTED_SPEC_VERSIONS.contains(specVersion)) {
            throw new SbomException(SbomProblem.UNSUPPORTED_SPEC_VERSION,
                    "CycloneDX spec version " + truncate(specVersion) + " is not supported; supported: 1.4, 1.5, 1.6");
        }
        return specVersion;
    }

    /** Builds a {@link ParsedSbom} from the stream (small documents only). */
    private static final class Collector implements SbomHandler {
        private final Map<String, SbomComponent> byPurl = new LinkedHashMap<>();
        private final Map<String, String> purlByRef = new LinkedHashMap<>();
        private final List<Map.Entry<String, List<String>>> dependencies = new ArrayList<>();

        @Override
        public void component(SbomComponent component) {
            purlByRef.put(component.bomRef(), component.purl().versionPurl());
            byPurl.putIfAbsent(component.purl().versionPurl(), component);
        }

        @Override
        public void dependency(String ref, List<String> dependsOn) {
            dependencies.add(Map.entry(ref, dependsOn));
        }

        ParsedSbom parsed(SbomSummary summary) {
            Map<String, Set<String>> edges = new LinkedHashMap<>();
            Set<String> direct = new LinkedHashSet<>();
            boolean graphKnown = false;
            for (Map.Entry<String, List<String>> dependency : dependencies) {
                boolean fromRoot = dependency.getKey().equals(summary.rootRef());
                graphKnown |= fromRoot;
                String from = purlByRef.get(dependency.getKey());
                for (String to : dependency.getValue()) {
                    String target = purlByRef.get(to);
                    if (target == null) {
                        continue;
                    }
                    if (fromRoot) {
                        direct.add(target);
                    } else if (from != null && !from.equals(target)) {
                        edges.computeIfAbsent(from, k -> new LinkedHashSet<>()).add(target);
                    }
                }
            }
            return new ParsedSbom(summary.format(), summary.specVersion(), summary.serialNumber(), summary.digest(),
                    summary.rootRef(), List.copyOf(byPurl.values()), summary.skippedWithoutPurl(), edges, direct, graphKnown);
        }
    }

    /** Counts the bytes read through it. */
    static final class CountingStream extends java.io.FilterInputStream {
        private long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        long count() {
            return count;
        }
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        String line = message.lines().findFirst().orElse(message);
        return truncate(line);
    }

    static String truncate(String value) {
        return value.length() > 200 ? value.substring(0, 200) + "…" : value;
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256Digest().digest(bytes));
    }
}
