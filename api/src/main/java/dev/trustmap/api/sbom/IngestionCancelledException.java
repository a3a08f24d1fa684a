package dev.trustmap.api.sbom;

/** An ingestion stopped on purpose (shutdown, or its lease was lost): its transaction rolls back and the job is handed back. */
public final class IngestionCancelledException extends RuntimeException {
    public IngestionCancelledException() {
        super("ingestion cancelled", null, false, false);
    }
}
