package dev.trustmap.scanner.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real registry signatures of {@code @anthropic-ai/claude-code} 2.1.97 (see registry/npm/README.md). */
class NpmRegistryKeysTest {
    static final String NAME = "@anthropic-ai/claude-code";
    static final String INTEGRITY_97 = "sha512-8lKM/rFctBl+82bQ+0g0Lkbt9tJU/zYKAjWisNUq436/386n/VZQbnyjnibGkyqqB6mrX/3ub/cpFlpCu4FXLg==";
    static final String CURRENT_KEY = "SHA256:DhQ8wR5APBvFHLF/+Tc+AYvPOdTpcIDqOhxsBHRwC7U";
    static final String OLD_KEY = "SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA";
    static final String SIG_97 = "MEUCICG6rML8JBFMxvrHFFDhofBztC5mvsOLqHbO7G4bdU4MAiEA/TuR+/HzSBvE2e/5XokcLHWOLaw604eahZ4Hy+IFTew=";
    final ObjectMapper json = new ObjectMapper();

    JsonNode signatures(String keyid, String sig) throws Exception {
        return json.readTree("[{\"keyid\":\"" + keyid + "\",\"sig\":\"" + sig + "\"}]");
    }

    @Test
    void theShippedKeysVerifyARealSignatureAndRefuseItForAnythingElse() throws Exception {
        NpmRegistryKeys keys = NpmRegistryKeys.bundled();
        Instant published = Instant.parse("2026-04-09T00:46:28Z");
        assertThat(keys.verify(NAME, "2.1.97", INTEGRITY_97, signatures(CURRENT_KEY, SIG_97), published).outcome())
                .isEqualTo(NpmRegistryKeys.Outcome.VERIFIED);
        assertThat(keys.verify(NAME, "2.1.98", INTEGRITY_97, signatures(CURRENT_KEY, SIG_97), published).outcome())
                .isEqualTo(NpmRegistryKeys.Outcome.FAILED);
        assertThat(keys.verify(NAME, "2.1.97", INTEGRITY_97.replace("8lKM", "8lKN"), signatures(CURRENT_KEY, SIG_97), published).outcome())
                .isEqualTo(NpmRegistryKeys.Outcome.FAILED);
        assertThat(keys.verify(NAME, "2.1.97", INTEGRITY_97, signatures(CURRENT_KEY, "bm90IGEgc2lnbmF0dXJl"), published).outcome())
                .isEqualTo(NpmRegistryKeys.Outcome.FAILED);
        assertThat(keys.verify(NAME, "2.1.97", INTEGRITY_97, json.readTree("[]"), published).outcome())
                .isEqualTo(NpmRegistryKeys.Outcome.ABSENT);
    }

    @Test
    void aSignatureByAKeyThatExpiredBeforeThePublicationFails() throws Exception {
        NpmRegistryKeys.Check check = NpmRegistryKeys.bundled().verify(NAME, "2.1.97", INTEGRITY_97, signatures(OLD_KEY, SIG_97),
                Instant.parse("2026-04-09T00:46:28Z"));
        assertThat(check.outcome()).isEqualTo(NpmRegistryKeys.Outcome.FAILED);
        assertThat(check.detail()).isEqualTo("signed with key " + OLD_KEY + ", which expired on 2025-01-29T00:00:00Z, before this version "
                + "was published (2026-04-09T00:46:28Z)");
    }

    @Test
    void theKeysCanBeReplacedByANewerCopyOfTheRegistrysAnswer(@TempDir Path dir) throws Exception {
        Path onlyOld = dir.resolve("keys.json");
        JsonNode shipped = json.readTree(NpmRegistryKeys.class.getResourceAsStream("/npm/registry-keys.json"));
        Files.writeString(onlyOld, "{\"keys\":[" + shipped.path("keys").get(0) + "]}");
        NpmRegistryKeys.Check check = NpmRegistryKeys.load(onlyOld).verify(NAME, "2.1.97", INTEGRITY_97, signatures(CURRENT_KEY, SIG_97),
                Instant.parse("2026-04-09T00:46:28Z"));
        assertThat(check.outcome()).isEqualTo(NpmRegistryKeys.Outcome.UNKNOWN_KEY);

        Path garbage = dir.resolve("garbage.json");
        Files.writeString(garbage, "{\"keys\": 3}");
        assertThatThrownBy(() -> NpmRegistryKeys.load(garbage)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Not npm registry keys (" + garbage + ")");
        Files.writeString(garbage, "{\"keys\":[{\"keyid\":\"k\",\"scheme\":\"ecdsa-sha2-nistp256\",\"key\":\"AAAA\"}]}");
        assertThatThrownBy(() -> NpmRegistryKeys.load(garbage)).hasMessage("npm registry keys (" + garbage + "): key k has an unusable key "
                + "or expiry date");
        assertThatThrownBy(() -> NpmRegistryKeys.load(dir.resolve("missing.json"))).hasMessageStartingWith("Cannot read the npm registry keys");
    }
}
