package dev.trustmap.scanner.sbom;

/**
 * What one document may hold. Every stored field has its width here, checked while the
 * document is read, so a document that passes validation can always be stored (the widths
 * are the database columns'; a test compares them with the schema).
 *
 * @param maxComponents components (with or without a purl) in one document
 */
public record SbomLimits(int maxComponents) {
    public static final int DEFAULT_MAX_COMPONENTS = 500_000;
    /** Stored field → largest number of characters. */
    public static final int PURL = 2048;
    public static final int NAMESPACE = 1000;
    public static final int NAME = 1000;
    public static final int VERSION = 500;
    public static final int QUALIFIERS = 1000;
    public static final int SUPPLIER = 500;
    public static final int SERIAL_NUMBER = 200;
    public static final int ECOSYSTEM = 50;
    /** Fields that are not stored but kept while reading (bom-refs, hash values, licences). */
    public static final int REF = 4096;
    public static final int HASH = 1024;
    public static final int LICENSE = 1024;
    public static final int LICENSES_PER_COMPONENT = 100;
    public static final int HASHES_PER_COMPONENT = 32;

    public static SbomLimits defaults() {
        return new SbomLimits(DEFAULT_MAX_COMPONENTS);
    }
}
