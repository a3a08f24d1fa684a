package dev.trustmap.api.platform.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.ws.rs.ext.ContextResolver;

/**
 * The API's JSON configuration: ISO-8601 dates, unknown request fields are errors. Request bodies
 * are read by a stricter mapper ({@link #requests()}): duplicate fields and content after the
 * value are errors, nesting and number lengths are limited.
 */
public final class JsonMapperProvider implements ContextResolver<ObjectMapper> {
    /** Deepest nesting of arrays and objects in a request body. */
    public static final int MAX_NESTING = 64;
    /** Longest number (digits) in a request body. */
    public static final int MAX_NUMBER_LENGTH = 100;

    private static final ObjectMapper MAPPER = create();
    private static final ObjectMapper REQUESTS = createForRequests();

    public static ObjectMapper create() {
        return configure(new ObjectMapper());
    }

    private static ObjectMapper configure(ObjectMapper mapper) {
        return mapper
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    private static ObjectMapper createForRequests() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).maxNumberLength(MAX_NUMBER_LENGTH).build())
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        return configure(new ObjectMapper(factory))
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The mapper for request bodies. */
    public static ObjectMapper requests() {
        return REQUESTS;
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return REQUESTS;
    }
}
