package dev.trustmap.web;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The static landing page (no data on it, so no authentication). */
@Path("/")
public final class HomePage {
    private final byte[] page;

    public HomePage() {
        try (InputStream in = HomePage.class.getResourceAsStream("/static/index.html")) {
            page = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GET
    @PermitAll
    @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
    public Response get() {
        return Response.ok(page)
                .header("Content-Security-Policy", "default-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'")
                .header("Referrer-Policy", "no-referrer")
                .build();
    }
}
