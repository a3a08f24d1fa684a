package dev.trustmap.api.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.trustmap.api.platform.config.TrustmapConfig.OidcSettings;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OidcBearerAuthenticatorTest {
    static OidcBearerAuthenticator realmRoles;
    static OidcBearerAuthenticator prefixedGroups;

    @BeforeAll
    static void authenticators() throws Exception {
        OidcTokenVerifierTest.keys();
        ImmutableJWKSet<com.nimbusds.jose.proc.SecurityContext> keys =
                new ImmutableJWKSet<>(new JWKSet(OidcTokenVerifierTest.key.toPublicJWK()));
        realmRoles = new OidcBearerAuthenticator(OidcTokenVerifier.withKeys(OidcTokenVerifierTest.SETTINGS, keys));
        OidcSettings groups = new OidcSettings(OidcTokenVerifierTest.ISSUER, "trustmap", null, "trustmap", "groups", "trustmap-",
                Set.of("RS256"), 2_000, 30);
        prefixedGroups = new OidcBearerAuthenticator(OidcTokenVerifier.withKeys(groups, keys));
    }

    static JWTClaimsSet.Builder user() {
        return OidcTokenVerifierTest.claims();
    }

    static JWTClaimsSet.Builder serviceAccount(String clientId) {
        return OidcTokenVerifierTest.claims().subject("a1b2-service-account-user").claim("preferred_username", "service-account-" + clientId)
                .claim("client_id", clientId).claim("azp", clientId);
    }

    @Test
    void aUserGetsRealmAndClientRolesOfTheKnownNamesOnly() throws Exception {
        TrustmapPrincipal alice = realmRoles.authenticate(OidcTokenVerifierTest.sign(user()
                .claim("realm_access", Map.of("roles", List.of("viewer", "offline_access", "uma_authorization", "superuser")))
                .claim("resource_access", Map.of("trustmap", Map.of("roles", List.of("reviewer")),
                        "other-client", Map.of("roles", List.of("admin"))))
                .build()));
        assertThat(alice.kind()).isEqualTo(TrustmapPrincipal.Kind.OIDC_USER);
        assertThat(alice.subject()).isEqualTo("user-1");
        assertThat(alice.roles()).as("another client's admin role does not count").containsExactlyInAnyOrder("viewer", "reviewer");
        assertThat(alice.getName()).isEqualTo("alice/oidc-user");
        assertThat(alice.services()).as("users are not scoped").isNull();
        assertThat(alice.mayActFor("payments")).isTrue();
        assertThat(alice.tokenId()).as("stable per subject")
                .isEqualTo(realmRoles.authenticate(OidcTokenVerifierTest.sign(user().build())).tokenId());
    }

    @Test
    void noKnownRoleMeansNoRole() throws Exception {
        TrustmapPrincipal nobody = realmRoles.authenticate(OidcTokenVerifierTest.sign(user().claim("realm_access", null).build()));
        assertThat(nobody.roles()).isEmpty();
        assertThat(nobody.hasRole(Roles.VIEWER)).isFalse();
    }

    @Test
    void theRolesClaimAndAPrefixAreConfigurable() throws Exception {
        TrustmapPrincipal grouped = prefixedGroups.authenticate(OidcTokenVerifierTest.sign(user()
                .claim("groups", List.of("trustmap-admin", "scanner", "trustmap-nonsense")).build()));
        assertThat(grouped.roles()).as("only prefixed names count").containsExactly("admin");
    }

    @Test
    void aServiceAccountIsBoundToTheServicesOfItsClaim() throws Exception {
        TrustmapPrincipal ci = realmRoles.authenticate(OidcTokenVerifierTest.sign(serviceAccount("ci-payments")
                .claim("realm_access", Map.of("roles", List.of("scanner"))).claim("trustmap_services", "payments").build()));
        assertThat(ci.kind()).isEqualTo(TrustmapPrincipal.Kind.OIDC_SERVICE_ACCOUNT);
        assertThat(ci.subject()).isEqualTo("ci-payments");
        assertThat(ci.getName()).isEqualTo("ci-payments/oidc-service-account");
        assertThat(ci.mayActFor("payments")).isTrue();
        assertThat(ci.mayActFor("billing")).isFalse();

        TrustmapPrincipal two = realmRoles.authenticate(OidcTokenVerifierTest.sign(serviceAccount("ci-shop")
                .claim("trustmap_services", List.of("cart", "checkout")).build()));
        assertThat(two.services()).containsExactlyInAnyOrder("cart", "checkout");
        assertThat(two.scope()).isEqualTo("services 'cart', 'checkout'");
        assertThat(OidcBearerAuthenticator.services("cart, checkout  web")).containsExactlyInAnyOrder("cart", "checkout", "web");
    }

    @Test
    void aServiceAccountWithoutTheClaimActsForNoServiceUnlessAdmin() throws Exception {
        TrustmapPrincipal unbound = realmRoles.authenticate(OidcTokenVerifierTest.sign(serviceAccount("ci-unbound")
                .claim("realm_access", Map.of("roles", List.of("scanner"))).build()));
        assertThat(unbound.mayActFor("payments")).isFalse();
        assertThat(unbound.scope()).isEqualTo("no service");
        TrustmapPrincipal automation = realmRoles.authenticate(OidcTokenVerifierTest.sign(serviceAccount("automation")
                .claim("realm_access", Map.of("roles", List.of("admin"))).build()));
        assertThat(automation.mayActFor("payments")).isTrue();
    }

    @Test
    void keycloaksServiceAccountUserNameAlsoMarksAServiceAccount() throws Exception {
        TrustmapPrincipal ci = realmRoles.authenticate(OidcTokenVerifierTest.sign(OidcTokenVerifierTest.claims()
                .claim("preferred_username", "service-account-ci-web").claim("azp", "CI-Web")
                .claim("realm_access", Map.of("roles", List.of("scanner"))).build()));
        assertThat(ci.kind()).isEqualTo(TrustmapPrincipal.Kind.OIDC_SERVICE_ACCOUNT);
        assertThat(ci.subject()).isEqualTo("CI-Web");
        assertThat(ci.mayActFor("web")).as("no trustmap_services claim: no service").isFalse();
    }

    @Test
    void onlyJwsShapedCredentialsAreHandled() {
        assertThat(realmRoles.handles("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")).isTrue();
        assertThat(realmRoles.handles("tm_abcdefghijklmnopqrstuvwxyz0123456789")).isFalse();
        assertThat(realmRoles.handles("a.b")).isFalse();
        assertThat(realmRoles.handles("a.b.c.d.e")).as("JWE is not accepted as a bearer token").isFalse();
    }
}
