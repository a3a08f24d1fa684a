package dev.trustmap.scanner.gate;

import dev.trustmap.scanner.sbom.SbomFormat;

/** The portal as the CLI's gate sees it. */
public interface PortalGateClient {
    /** Uploads the SBOM for the service and returns the gate decision. */
    GateReport gate(String service, byte[] sbom, SbomFormat format, GateOptions options) throws PortalException;

    /** The policy bundle for offline evaluation, as raw JSON. */
    byte[] bundle(String service) throws PortalException;

    /** Gate call options. */
    record GateOptions(String pending, Integer pendingWaitSeconds, String label, boolean autoCreate) {
    }

    /** The portal answered with an error, or could not be reached ({@link #unreachable()}). */
    final class PortalException extends Exception {
        private final int status;
        private final boolean unreachable;

        public PortalException(int status, String message, boolean unreachable) {
            super(message);
            this.status = status;
            this.unreachable = unreachable;
        }

        public int status() {
            return status;
        }

        public boolean unreachable() {
            return unreachable;
        }
    }
}
