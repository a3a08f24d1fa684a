package dev.trustmap.scanner.cli;

import dev.trustmap.scanner.sbom.ParsedSbom;
import dev.trustmap.scanner.sbom.SbomException;
import dev.trustmap.scanner.sbom.SbomFormat;
import dev.trustmap.scanner.sbom.SbomReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code trustmap-scan inspect FILE}: read an SBOM as the portal would and summarise it; exit 2 when it is refused. */
@Command(name = "inspect", description = "Read a CycloneDX SBOM (JSON or XML, spec 1.4–1.6) and print what the portal would store.")
public final class InspectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "the SBOM file")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            spec.commandLine().getErr().println("trustmap-scan: cannot read " + file + ": " + e.getMessage());
            return TrustmapScan.BAD_INPUT;
        }
        SbomFormat format = file.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".xml") ? SbomFormat.XML : SbomFormat.JSON;
        try {
            ParsedSbom sbom = new SbomReader().read(bytes, format);
            var out = spec.commandLine().getOut();
            out.printf("CycloneDX %s %s, sha256 %s%n", format, sbom.specVersion(), sbom.digest());
            out.printf("components: %d (%d direct), dependency edges: %d, without purl (not inventoried): %d%n",
                    sbom.components().size(), sbom.direct().size(), sbom.edgeCount(), sbom.skippedWithoutPurl());
            return TrustmapScan.OK;
        } catch (SbomException e) {
            spec.commandLine().getErr().println("trustmap-scan: " + file + ": " + e.getMessage());
            return TrustmapScan.BAD_INPUT;
        }
    }
}
