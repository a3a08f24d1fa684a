package dev.trustmap.scanner.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The npm registry's public signing keys, and the check of a version's {@code dist.signatures}: each
 * signature is ECDSA P-256 / SHA-256 over {@code <name>@<version>:<integrity>}, made with the key its
 * {@code keyid} names, which must not have expired before the version was published (the rule of
 * {@code npm audit signatures}). The keys shipped in the jar come from {@code /-/npm/v1/keys}; a newer
 * copy of that answer can replace them.
 */
public final class NpmRegistryKeys {
    private static final String BUNDLED = "/npm/registry-keys.json";

    /** One key: its id, the key, and when it stopped being valid (null: still valid). */
    record Key(String keyid, PublicKey key, Instant expires) {
    }

    /** What the registry signatures of one version say. */
    public enum Outcome {
        /** at least one signature with a known key verifies and none fails */
        VERIFIED,
        /** a signature with a known key does not verify (or was made with an expired key) */
        FAILED,
        /** signatures present, but none with a key we know */
        UNKNOWN_KEY,
        /** the version lists no signature */
        ABSENT
    }

    /** The outcome with one human sentence. */
    public record Check(Outcome outcome, String detail) {
    }

    private final Map<String, Key> keys;

    private NpmRegistryKeys(Map<String, Key> keys) {
        this.keys = keys;
    }

    /** The keys shipped in the jar. */
    public static NpmRegistryKeys bundled() {
        try (InputStream in = NpmRegistryKeys.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("The npm registry keys " + BUNDLED + " are missing from the class path");
            }
            return parse(in.readAllBytes(), BUNDLED);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + BUNDLED, e);
        }
    }

    /** The keys in {@code file} (the registry's {@code /-/npm/v1/keys} answer), or the shipped ones when null. */
    public static NpmRegistryKeys load(Path file) {
        if (file == null) {
            return bundled();
        }
        try {
            return parse(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the npm registry keys " + file + ": " + e.getMessage(), e);
        }
    }

    static NpmRegistryKeys parse(byte[] json, String where) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("npm registry keys (" + where + ") are not valid JSON", e);
        }
        JsonNode list = root == null ? null : root.path("keys");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException("Not npm registry keys (" + where + "): expected {\"keys\": [{\"keyid\", \"key\", …}]}");
        }
        Map<String, Key> keys = new LinkedHashMap<>();
        for (JsonNode k : list) {
            String keyid = k.path("keyid").asText("");
            String scheme = k.path("scheme").asText("");
            if (keyid.isEmpty() || !"ecdsa-sha2-nistp256".equals(scheme)) {
                throw new IllegalArgumentException("npm registry keys (" + where + "): every key needs a keyid and the scheme "
                        + "ecdsa-sha2-nistp256, found keyid \"" + keyid + "\", scheme \"" + scheme + "\"");
            }
            try {
                PublicKey key = KeyFactory.getInstance("EC")
                        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(k.path("key").asText(""))));
                JsonNode expires = k.get("expires");
                keys.put(keyid, new Key(keyid, key, expires == null || expires.isNull() ? null : Instant.parse(expires.asText())));
            } catch (GeneralSecurityException | IllegalArgumentException | DateTimeParseException e) {
                throw new IllegalArgumentException("npm registry keys (" + where + "): key " + keyid + " has an unusable key or expiry date", e);
            }
        }
        return new NpmRegistryKeys(Map.copyOf(keys));
    }

    /**
     * Checks the {@code dist.signatures} of {@code name@version}.
     *
     * @param integrity   the version's {@code dist.integrity}
     * @param signatures  the {@code dist.signatures} array (missing or not an array: absent)
     * @param publishedAt when the version was published (null: not known, expiry is not checked)
     */
    public Check verify(String name, String version, String integrity, JsonNode signatures, Instant publishedAt) {
        if (signatures == null || !signatures.isArray() || signatures.isEmpty()) {
            return new Check(Outcome.ABSENT, null);
        }
        if (integrity == null || integrity.isBlank()) {
            return new Check(Outcome.FAILED, "signed, but the version has no integrity value to check the signature against");
        }
        byte[] message = (name + "@" + version + ":" + integrity).getBytes(StandardCharsets.UTF_8);
        List<String> verified = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (JsonNode s : signatures) {
            String keyid = s.path("keyid").asText("");
            Key key = keys.get(keyid);
            if (key == null) {
                unknown.add(keyid.isEmpty() ? "(no keyid)" : keyid);
                continue;
            }
            if (key.expires() != null && publishedAt != null && publishedAt.isAfter(key.expires())) {
                return new Check(Outcome.FAILED, "signed with key " + keyid + ", which expired on " + key.expires()
                        + ", before this version was published (" + publishedAt + ")");
            }
            boolean ok;
            try {
                Signature ecdsa = Signature.getInstance("SHA256withECDSA");
                ecdsa.initVerify(key.key());
                ecdsa.update(message);
                ok = ecdsa.verify(Base64.getDecoder().decode(s.path("sig").asText("")));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                ok = false;
            }
            if (!ok) {
                return new Check(Outcome.FAILED, "the registry signature with key " + keyid + " does not verify for " + name + "@" + version
                        + " with integrity " + abbreviate(integrity));
            }
            verified.add(keyid);
        }
        if (!verified.isEmpty()) {
            return new Check(Outcome.VERIFIED, "registry signature verified with key " + String.join(", ", verified));
        }
        return new Check(Outcome.UNKNOWN_KEY, "signed with key " + String.join(", ", unknown) + ", which is not among the known registry keys");
    }

    private static String abbreviate(String s) {
        return s.length() > 24 ? s.substring(0, 24) + "…" : s;
    }
}
