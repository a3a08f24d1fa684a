package dev.trustmap.scanner.sbom;

/** An SBOM that cannot be accepted; the message is safe to show to the uploader. */
public final class SbomException extends Exception {
    private final SbomProblem problem;

    public SbomException(SbomProblem problem, String message) {
        super(message, null, false, false);
        this.problem = problem;
    }

    public SbomProblem problem() {
        return problem;
    }
}
