package dev.trustmap.api.platform.security;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file of tokens checked recently: SHA-256 hashes of the secrets (never a secret), the
 * principal each stands for, its expiry and when it was last checked against the database.
 * Readable by the portal's user only. Written in the background, at most once a second.
 */
final class RememberedTokens {
    private static final Logger LOG = LoggerFactory.getLogger(RememberedTokens.class);
    private static final TypeReference<List<Entry>> ENTRIES = new TypeReference<>() {
    };

    record Entry(String hash, java.util.UUID tokenId, String name, String owner, java.util.Set<String> roles, String serviceScope,
                 OffsetDateTime expiresAt, OffsetDateTime checkedAt) {
        Entry(String hash, TrustmapPrincipal principal, OffsetDateTime expiresAt, OffsetDateTime checkedAt) {
            this(hash, principal.tokenId(), principal.name(), principal.owner(), principal.roles(), principal.serviceScope(),
                    expiresAt, checkedAt);
        }

        TrustmapPrincipal principal() {
            return new TrustmapPrincipal(tokenId, name, owner, java.util.Set.copyOf(roles), serviceScope);
        }
    }

    private final Path file;
    private final ObjectMapper json;
    private final ScheduledExecutorService writer;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile Supplier<List<Entry>> latest;

    RememberedTokens(Path file, ObjectMapper json) {
        this.file = file;
        this.json = json;
        this.writer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "token-cache-writer");
            thread.setDaemon(true);
            return thread;
        });
    }

    List<Entry> load() {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            return json.readValue(file.toFile(), ENTRIES);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Ignoring the unreadable file of recently used tokens {}: {}", file, e.getMessage());
            return List.of();
        }
    }

    void saveSoon(Supplier<List<Entry>> entries) {
        latest = entries;
        if (scheduled.compareAndSet(false, true)) {
            try {
                writer.schedule(this::save, 1, TimeUnit.SECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                scheduled.set(false);
            }
        }
    }

    private void save() {
        scheduled.set(false);
        Supplier<List<Entry>> entries = latest;
        if (entries == null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            json.writeValue(tmp.toFile(), entries.get());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not save the recently used tokens to {}: {}", file, e.getMessage());
        }
    }

    void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (latest != null) {
            save();
        }
    }
}
