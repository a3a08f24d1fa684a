package dev.trustmap.scanner.sigstore;

import java.util.Locale;

/**
 * Which signing identities an attestation may carry. Keyless signatures name the CI workflow that
 * signed (the certificate's subject alternative name) and the OIDC issuer that vouched for it.
 */
@FunctionalInterface
public interface IdentityRule {
    String GITHUB_ACTIONS = "https://token.actions.githubusercontent.com";
    String GITLAB = "https://gitlab.com";

    /** Null when {@code identity} and {@code issuer} are acceptable, otherwise why not (one sentence). */
    String refusal(String identity, String issuer);

    /**
     * A workflow of the source repository {@code repository} ({@code https://github.com/owner/repo} or
     * {@code https://gitlab.com/group/project}, already normalised: lower case, no {@code .git}, no
     * trailing slash): a GitHub Actions workflow file of that repository with GitHub's issuer, or a
     * GitLab CI pipeline of that project with GitLab's issuer.
     */
    static IdentityRule workflowOf(String repository) {
        String repo = repository.toLowerCase(Locale.ROOT);
        return (identity, issuer) -> {
            if (identity == null || issuer == null) {
                return "the signing certificate names no workflow or issuer";
            }
            String san = identity.toLowerCase(Locale.ROOT);
            if (repo.startsWith("https://github.com/")) {
                if (!GITHUB_ACTIONS.equals(issuer)) {
                    return "signed through " + issuer + ", not GitHub Actions (" + GITHUB_ACTIONS + ")";
                }
                return san.startsWith(repo + "/.github/workflows/") ? null
                        : "signed by the workflow " + identity + ", which is not a workflow of the declared repository " + repository;
            }
            if (repo.startsWith("https://gitlab.com/")) {
                if (!GITLAB.equals(issuer)) {
                    return "signed through " + issuer + ", not GitLab (" + GITLAB + ")";
                }
                return san.startsWith(repo + "//") ? null
                        : "signed by the pipeline " + identity + ", which is not a pipeline of the declared repository " + repository;
            }
            return "the declared repository " + repository + " is not on a CI service whose identities can be checked (GitHub, GitLab)";
        };
    }
}
