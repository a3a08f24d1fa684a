package dev.trustmap.scanner.sbom;

/** The two CycloneDX encodings Trustmap reads. */
public enum SbomFormat {
    JSON("application/vnd.cyclonedx+json"),
    XML("application/vnd.cyclonedx+xml");

    private final String mediaType;

    SbomFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /**
     * Maps an HTTP content type to a format. Accepts the CycloneDX media types, the generic
     * JSON/XML types and their {@code +json}/{@code +xml} suffixes; anything else is {@code null}.
     */
    public static SbomFormat fromContentType(String contentType) {
        if (contentType == null) {
            return null;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        if (type.equals("application/json") || type.endsWith("+json")) {
            return JSON;
        }
        if (type.equals("application/xml") || type.equals("text/xml") || type.endsWith("+xml")) {
            return XML;
        }
        return null;
    }
}
