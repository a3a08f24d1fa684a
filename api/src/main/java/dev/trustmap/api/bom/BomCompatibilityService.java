package dev.trustmap.api.bom;

import dev.trustmap.api.audit.Actor;
import dev.trustmap.api.bom.model.BomProcessingResponse;
import dev.trustmap.api.bom.model.BomTokenResponse;
import dev.trustmap.api.platform.http.ProblemException;
import dev.trustmap.api.platform.http.ProblemType;
import dev.trustmap.api.platform.security.TrustmapPrincipal;
import dev.trustmap.api.sbom.JobService;
import dev.trustmap.api.sbom.SbomUploadService;
import dev.trustmap.scanner.sbom.SbomFormat;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;

/**
 * Dependency-Track's BOM upload, mapped onto Trustmap: {@code projectName} is the service (made
 * into a slug: lower case, runs of other characters → '-'), {@code projectVersion} the snapshot
 * label, {@code autoCreate} creates the service, and the token is the ingestion job.
 */
public final class BomCompatibilityService {
    private final SbomUploadService uploads;
    private final JobService jobs;
    private final long maxBytes;

    private final java.util.function.Function<UUID, java.util.Optional<String>> slugOfId;

    /** @param slugOfId the slug of the service with that id (a Dependency-Track project uuid), if there is one */
    public BomCompatibilityService(SbomUploadService uploads, JobService jobs, long maxBytes,
                                   java.util.function.Function<UUID, java.util.Optional<String>> slugOfId) {
        this.slugOfId = slugOfId;
        this.uploads = uploads;
        this.jobs = jobs;
        this.maxBytes = maxBytes;
    }

    /** Uploads a document given as base64 (the JSON shape) or as bytes (the multipart shape). */
    public BomTokenResponse upload(TrustmapPrincipal who, Actor actor, String project, String projectName, String projectVersion, boolean autoCreate,
                                   byte[] document) {
        String slug;
        if (projectName != null && !projectName.isBlank()) {
            slug = slug(projectName);
        } else if (project != null && !project.isBlank()) {
            UUID id;
            try {
                id = UUID.fromString(project.trim());
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid("project", "project is a project uuid (GET /api/v1/project/lookup gives it); got \""
                        + (project.length() > 80 ? project.substring(0, 80) + "…" : project) + "\"");
            }
            // a project's uuid is its service's id (GET /api/v1/project/lookup gives it)
            slug = slugOfId.apply(id).orElseThrow(() -> ProblemException.notFound("No project " + project));
            autoCreate = false;
        } else {
            throw ProblemException.invalid("projectName", "projectName (or project, a project uuid) is required");
        }
        if (document == null || document.length == 0) {
            throw ProblemException.invalid("bom", "bom is required");
        }
        if (document.length > maxBytes) {
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "The BOM is " + document.length
                    + " bytes; the limit (TRUSTMAP_UPLOAD_MAX_BYTES) is " + maxBytes);
        }
        String label = projectVersion == null || projectVersion.isBlank() ? null
                : projectVersion.length() > 200 ? projectVersion.substring(0, 200) : projectVersion;
        SbomUploadService.Submission submission = uploads.submit(who, actor, slug, format(document), document, label, autoCreate, null,
                projectName == null ? null : projectName.trim());
        return new BomTokenResponse(submission.jobId());
    }

    public static byte[] decodeBase64(String bom) {
        if (bom == null || bom.isBlank()) {
            throw ProblemException.invalid("bom", "bom (the base64 of the CycloneDX document) is required");
        }
        try {
            return Base64.getMimeDecoder().decode(bom.trim());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("bom", "bom is not valid base64: " + e.getMessage());
        }
    }

    public BomProcessingResponse processing(String token) {
        UUID id;
        try {
            id = UUID.fromString(token);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("No upload token " + token);
        }
        return new BomProcessingResponse(!jobs.get(id).terminal());
    }

    /** Dependency-Track project names are free text; Trustmap service slugs are not. */
    public static String slug(String projectName) {
        String slug = projectName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.isEmpty()) {
            throw ProblemException.invalid("projectName", "projectName needs at least one letter or digit");
        }
        return slug.length() > 100 ? slug.substring(0, 100).replaceAll("-+$", "") : slug;
    }

    private static SbomFormat format(byte[] document) {
        SbomFormat format = SbomFormat.sniff(document);
        if (format == null) {
            throw new ProblemException(ProblemType.NOT_CYCLONEDX, "The bom is neither CycloneDX JSON nor XML");
        }
        return format;
    }
}
