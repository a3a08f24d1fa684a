package dev.trustmap.api.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TrustmapPrincipalTest {
    static TrustmapPrincipal principal(String owner, String name) {
        return new TrustmapPrincipal(UUID.randomUUID(), name, owner, Set.of(Roles.ADMIN), null);
    }

    @Test
    void shortNamesAreOwnerSlashNameUnchanged() {
        assertThat(principal("trustmap", "bootstrap-admin").getName()).isEqualTo("trustmap/bootstrap-admin");
        String exactly = "o".repeat(99) + "/" + "n".repeat(100);
        assertThat(principal("o".repeat(99), "n".repeat(100)).getName()).isEqualTo(exactly).hasSize(200);
    }

    @Test
    void longestValidOwnerAndNameFitTheColumnsStablyAndDistinctly() {
        String owner = "o".repeat(100);
        String name = "n".repeat(100);
        String bounded = principal(owner, name).getName();
        assertThat(bounded).hasSize(TrustmapPrincipal.MAX_NAME).startsWith(owner + "/").matches(".*~[0-9a-f]{12}");
        assertThat(principal(owner, name).getName()).as("same owner and name, same principal").isEqualTo(bounded);
        assertThat(principal(owner, "n".repeat(99) + "m").getName()).as("differs in the cut-off part").isNotEqualTo(bounded);
        // an owner defaulted to a creator's (already bounded) name: still bounded
        assertThat(principal(bounded, name).getName()).hasSize(TrustmapPrincipal.MAX_NAME);
    }
}
