package dev.trustmap.scanner.cli;

import dev.trustmap.scanner.sbom.SbomGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code trustmap-scan generate-sbom}: a deterministic synthetic CycloneDX 1.6 JSON SBOM. */
@Command(name = "generate-sbom", description = "Write a realistic synthetic CycloneDX 1.6 JSON SBOM (deterministic for a seed).")
public final class GenerateSbomCommand implements Callable<Integer> {
    @Option(names = "--components", defaultValue = "1000", description = "number of components (default ${DEFAULT-VALUE})")
    int components;

    @Option(names = "--seed", defaultValue = "42", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--lean", description = "short bom-refs, no hashes, licences or scopes (a smaller document with the same components and graph)")
    boolean lean;

    @Option(names = {"-o", "--output"}, description = "output file (default: standard output)")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (components < 1 || components > 1_000_000) {
            spec.commandLine().getErr().println("trustmap-scan: --components must be between 1 and 1000000");
            return TrustmapScan.BAD_INPUT;
        }
        if (output == null) {
            SbomGenerator.write(components, seed, System.out, lean);
            System.out.flush();
        } else {
            try (OutputStream out = Files.newOutputStream(output)) {
                SbomGenerator.write(components, seed, out, lean);
            }
        }
        return TrustmapScan.OK;
    }
}
