package dev.trustmap.scanner.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code trustmap-scan}: the scanner's command line. One class per subcommand. */
@Command(name = "trustmap-scan", mixinStandardHelpOptions = true, version = "trustmap-scan 0.1.0",
        description = "Trustmap scanner: gate SBOMs against the portal's policies, inspect CycloneDX SBOMs, collect registry evidence, verify Sigstore bundles, lint topology files, generate test SBOMs.",
        subcommands = {InspectCommand.class, LintTopologyCommand.class, GenerateSbomCommand.class, EvidenceCommand.class,
                VerifyCommand.class, ScanCommand.class})
public final class TrustmapScan {
    /** Exit codes shared by every subcommand. */
    public static final int OK = 0;
    public static final int POLICY_FAILURE = 1;
    public static final int BAD_INPUT = 2;
    public static final int UNREACHABLE = 3;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return run(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
    }

    /** Runs with the given output streams (tests capture them). */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new TrustmapScan());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("trustmap-scan: " + e.getMessage());
            return BAD_INPUT;
        });
        commandLine.setParameterExceptionHandler((e, parsedArgs) -> {
            e.getCommandLine().getErr().println("trustmap-scan: " + e.getMessage());
            e.getCommandLine().usage(e.getCommandLine().getErr());
            return BAD_INPUT;
        });
        return commandLine.execute(args);
    }
}
