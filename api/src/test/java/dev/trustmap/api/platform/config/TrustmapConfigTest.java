package dev.trustmap.api.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrustmapConfigTest {

    @Test
    void withNothingSetRunsOnPort8080WithEmbeddedH2InALocalFolder() {
        TrustmapConfig config = TrustmapConfig.from(Map.of("PATH", "/usr/bin"));
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.embeddedDatabase()).isTrue();
        assertThat(config.database().url()).startsWith("jdbc:h2:file:").contains("trustmap-data").contains("MODE=PostgreSQL");
        assertThat(config.uploadMaxBytes()).isEqualTo(50L * 1024 * 1024);
        assertThat(config.ingestWorkers()).isEqualTo(2);
        assertThat(config.uploadMaxComponents()).as("the default lets 200,000 through").isEqualTo(500_000);
        assertThat(config.bootstrapAdminToken()).isNull();
    }

    @Test
    void databaseUrlSwitchesToPostgres() {
        TrustmapConfig config = TrustmapConfig.from(Map.of("TRUSTMAP_DB_URL", "jdbc:postgresql://db:5432/trustmap",
                "TRUSTMAP_DB_USER", "tm", "TRUSTMAP_DB_PASSWORD", "s3cret"));
        assertThat(config.embeddedDatabase()).isFalse();
        assertThat(config.database().isPostgres()).isTrue();
        assertThat(config.database().password()).isEqualTo("s3cret");
        assertThat(config.toString()).doesNotContain("s3cret");
    }

    @Test
    void secretsCanComeFromFilesAndTheFileFromAPropertiesFile(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("pw"), "from-file\n");
        Path properties = Files.writeString(dir.resolve("trustmap.properties"),
                "TRUSTMAP_HTTP_PORT=9090\nTRUSTMAP_DB_URL=jdbc:postgresql://db/x\nTRUSTMAP_DB_PASSWORD_FILE=" + secret + "\n");
        TrustmapConfig config = TrustmapConfig.from(Map.of("TRUSTMAP_CONFIG_FILE", properties.toString(),
                "TRUSTMAP_HTTP_PORT", "9191"));
        assertThat(config.httpPort()).as("environment wins over the file").isEqualTo(9191);
        assertThat(config.database().password()).isEqualTo("from-file");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "TRUSTMAP_HTTP_PORT|eighty|TRUSTMAP_HTTP_PORT must be a whole number",
        "TRUSTMAP_HTTP_PORT|70000|TRUSTMAP_HTTP_PORT must be between 0 and 65535",
        "TRUSTMAP_UPLOAD_MAX_BYTES|-1|TRUSTMAP_UPLOAD_MAX_BYTES must be between",
        "TRUSTMAP_INGEST_WORKERS|1.5|TRUSTMAP_INGEST_WORKERS must be a whole number",
        "TRUSTMAP_DB_URL|mysql://x|TRUSTMAP_DB_URL must be a jdbc:postgresql:",
        "TRUSTMAP_BOOTSTRAP_ADMIN_TOKEN|short|TRUSTMAP_BOOTSTRAP_ADMIN_TOKEN must be at least 24",
        "TRUSTMAP_HTTP_PROT|8080|Unknown configuration key TRUSTMAP_HTTP_PROT",
        "TRUSTMAP_DB_PASSWORD_FILE|/no/such/file|TRUSTMAP_DB_PASSWORD_FILE: cannot read"})
    void aBadValueStopsStartUpNamingTheKey(String key, String value, String message) {
        assertThatThrownBy(() -> TrustmapConfig.from(Map.of(key, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(message.startsWith("Unknown") ? message : message.split(" ")[0])
                .hasMessageContaining(message);
    }

    @Test
    void oidcIsOffUnlessAnIssuerIsSetAndThenHasSafeDefaults(@TempDir Path dir) throws Exception {
        assertThat(TrustmapConfig.from(Map.of()).oidc()).isNull();
        Path secret = Files.writeString(dir.resolve("client-secret"), "s3cr3t-client\n");
        TrustmapConfig config = TrustmapConfig.from(Map.of("TRUSTMAP_OIDC_ISSUER_URL", "https://kc.example/realms/trustmap",
                "TRUSTMAP_OIDC_CLIENT_ID", "trustmap", "TRUSTMAP_OIDC_CLIENT_SECRET_FILE", secret.toString()));
        TrustmapConfig.OidcSettings oidc = config.oidc();
        assertThat(oidc.issuer()).isEqualTo("https://kc.example/realms/trustmap");
        assertThat(oidc.audience()).as("the client id by default").isEqualTo("trustmap");
        assertThat(oidc.rolesClaim()).isEqualTo("realm_access.roles");
        assertThat(oidc.rolePrefix()).isEmpty();
        assertThat(oidc.algorithms()).containsExactly("RS256");
        assertThat(oidc.clockSkewSeconds()).isEqualTo(30);
        assertThat(oidc.timeoutMs()).isEqualTo(2_000);
        assertThat(oidc.clientSecret()).isEqualTo("s3cr3t-client");
        assertThat(config.toString()).contains("kc.example").doesNotContain("s3cr3t-client");
        assertThat(oidc.toString()).doesNotContain("s3cr3t-client");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "TRUSTMAP_OIDC_ALGORITHMS|HS256|TRUSTMAP_OIDC_ALGORITHMS: HS256 is not accepted",
        "TRUSTMAP_OIDC_ALGORITHMS|none|TRUSTMAP_OIDC_ALGORITHMS: none is not accepted",
        "TRUSTMAP_OIDC_ROLES_CLAIM|realm access|TRUSTMAP_OIDC_ROLES_CLAIM must be a claim name or a dotted path",
        "TRUSTMAP_OIDC_CLOCK_SKEW_SECONDS|3600|TRUSTMAP_OIDC_CLOCK_SKEW_SECONDS must be between 0 and 300",
        "TRUSTMAP_OIDC_TIMEOUT_MS|10|TRUSTMAP_OIDC_TIMEOUT_MS must be between 100 and 30000",
        "TRUSTMAP_OIDC_ISSUER_URL|kc.example|TRUSTMAP_OIDC_ISSUER_URL must be an http(s) URL"})
    void aBadOidcValueStopsStartUpNamingTheKey(String key, String value, String message) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("TRUSTMAP_OIDC_ISSUER_URL", "https://kc.example/realms/trustmap",
                "TRUSTMAP_OIDC_CLIENT_ID", "trustmap"));
        env.put(key, value);
        assertThatThrownBy(() -> TrustmapConfig.from(env)).isInstanceOf(ConfigException.class).hasMessageStartingWith(message);
    }

    @Test
    void oidcNeedsBothIssuerAndClientId() {
        assertThatThrownBy(() -> TrustmapConfig.from(Map.of("TRUSTMAP_OIDC_ISSUER_URL", "https://kc.example/realms/trustmap")))
                .isInstanceOf(ConfigException.class).hasMessage("TRUSTMAP_OIDC_CLIENT_ID is required with TRUSTMAP_OIDC_ISSUER_URL");
        assertThatThrownBy(() -> TrustmapConfig.from(Map.of("TRUSTMAP_OIDC_CLIENT_ID", "trustmap")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("TRUSTMAP_OIDC_CLIENT_ID is set but TRUSTMAP_OIDC_ISSUER_URL is not");
    }

    @Test
    void everyKeyIsDocumentedInTheReadme() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        for (String key : TrustmapConfig.KEYS) {
            assertThat(readme).as("README documents " + key).contains("`" + key + "`");
        }
    }
}
