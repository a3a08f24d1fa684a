package dev.trustmap.scanner.sbom;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Where a document is read from; opened once per reading pass (the reader reads twice). */
@FunctionalInterface
public interface SbomSource {
    InputStream open() throws IOException;

    static SbomSource of(byte[] document) {
        return () -> new ByteArrayInputStream(document);
    }
}
