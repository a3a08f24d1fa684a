package dev.trustmap.api.platform.http;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Every JSON body bound to a request record passes {@link JsonBodies#check} first (bounded to
 * {@link JsonBodies#MAX_BYTES}); bodies read as streams (uploads) are left to their resources.
 */
public final class JsonBodyInterceptor implements ReaderInterceptor {
    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        MediaType type = context.getMediaType();
        boolean json = type != null && (type.isCompatible(MediaType.APPLICATION_JSON_TYPE) || type.getSubtype().endsWith("+json"));
        if (!json || !context.getType().isRecord()) {
            return context.proceed();
        }
        byte[] bytes = BoundedBody.read(context.getInputStream(), context.getHeaders().getFirst("Content-Length"), JsonBodies.MAX_BYTES);
        JsonBodies.check(bytes);
        context.setInputStream(new ByteArrayInputStream(bytes));
        return context.proceed();
    }
}
