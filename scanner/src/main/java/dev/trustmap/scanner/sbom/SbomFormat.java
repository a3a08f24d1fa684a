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

    /**
     * Tells the encoding from the document's first character (after whitespace and a UTF-8 byte
     * order mark): {@code {} or {@code [} is JSON, {@code <} is XML, anything else {@code null}.
     */
    public static SbomFormat sniff(byte[] document) {
        for (byte b : document) {
            if (b == '{' || b == '[') {
                return JSON;
            }
            if (b == '<') {
                return XML;
            }
            if (!Character.isWhitespace(b) && (b & 0xFF) != 0xEF && (b & 0xFF) != 0xBB && (b & 0xFF) != 0xBF) {
                return null;
            }
        }
        return null;
    }
}
