package dev.trustmap.scanner.cli;

import dev.trustmap.scanner.sigstore.SigstoreVerification;
import dev.trustmap.scanner.sigstore.SigstoreVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code trustmap-scan verify --artifact F --bundle B [--identity I --issuer U]}: verifies a
 * Sigstore bundle offline against the shipped (or given) trusted root. Exit 0 verified, 1 not
 * verified, 2 bad input.
 */
@Command(name = "verify", description = "Verify a Sigstore bundle for an artifact, offline: digest, certificate chain to the "
        + "trusted root, signature, transparency-log inclusion, and optionally signer identity and OIDC issuer. "
        + "Exit 0 verified, 1 not verified, 2 bad input.")
public final class VerifyCommand implements Callable<Integer> {
    @Option(names = "--artifact", required = true, paramLabel = "FILE", description = "the artifact (e.g. a jar)")
    Path artifact;

    @Option(names = "--bundle", required = true, paramLabel = "FILE", description = "its Sigstore bundle (.sigstore.json)")
    Path bundle;

    @Option(names = "--identity", paramLabel = "SAN", description = "required signer identity (certificate subject alternative name)")
    String identity;

    @Option(names = "--issuer", paramLabel = "URL", description = "required OIDC issuer")
    String issuer;

    @Option(names = "--trusted-root", paramLabel = "FILE", description = "Sigstore trusted_root.json to use instead of the shipped one")
    Path trustedRoot;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        for (Path p : new Path[] {artifact, bundle}) {
            if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                err.println("trustmap-scan: cannot read " + p);
                return TrustmapScan.BAD_INPUT;
            }
        }
        SigstoreVerifier verifier;
        try {
            verifier = SigstoreVerifier.create(trustedRoot);
        } catch (IllegalArgumentException e) {
            err.println("trustmap-scan: " + e.getMessage());
            return TrustmapScan.BAD_INPUT;
        }
        SigstoreVerification result;
        try {
            result = verifier.verify(artifact, bundle, identity, issuer);
        } catch (IOException e) {
            err.println("trustmap-scan: cannot read " + e.getMessage());
            return TrustmapScan.BAD_INPUT;
        }
        if (result.verified()) {
            out.println("verified: " + artifact.getFileName() + " — " + result.describe()
                    + (result.integratedTime() == null ? "" : ", logged " + result.integratedTime()));
            return TrustmapScan.OK;
        }
        out.println("NOT verified: " + artifact.getFileName() + " — " + result.failure());
        if (result.identity() != null) {
            out.println("  bundle signed by " + result.identity() + " (issuer " + result.issuer() + ")");
        }
        return TrustmapScan.POLICY_FAILURE;
    }
}
