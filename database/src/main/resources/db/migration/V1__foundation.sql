-- Trustmap foundation schema: services, SBOM snapshots, packages, usages, ingestion jobs,
-- API tokens and idempotency records. Plain SQL that runs unchanged on PostgreSQL and on H2
-- (MODE=PostgreSQL). Identifiers are UUIDs; package and package-version ids are derived from
-- their canonical purls (name-based UUIDs) so bulk ingestion can upsert without reading back.

CREATE TABLE service (
    id                  UUID PRIMARY KEY,
    slug                VARCHAR(100) NOT NULL UNIQUE,
    display_name        VARCHAR(200),
    owner_team          VARCHAR(200),
    owner_contact       VARCHAR(300),
    tier                VARCHAR(20) NOT NULL DEFAULT 'standard',
    regions             VARCHAR(1000) NOT NULL DEFAULT '',
    repository_url      VARCHAR(1000),
    current_snapshot_id UUID,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT service_tier_check CHECK (tier IN ('critical', 'high', 'standard'))
);

CREATE TABLE sbom_snapshot (
    id                   UUID PRIMARY KEY,
    service_id           UUID NOT NULL REFERENCES service (id),
    label                VARCHAR(200),
    format               VARCHAR(10) NOT NULL,
    spec_version         VARCHAR(10) NOT NULL,
    serial_number        VARCHAR(200),
    digest               VARCHAR(64) NOT NULL,
    uploaded_by          VARCHAR(200) NOT NULL,
    uploaded_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    component_count      INTEGER NOT NULL,
    direct_count         INTEGER NOT NULL,
    edge_count           INTEGER NOT NULL,
    skipped_count        INTEGER NOT NULL,
    previous_snapshot_id UUID,
    CONSTRAINT sbom_snapshot_digest_unique UNIQUE (service_id, digest)
);
CREATE INDEX sbom_snapshot_service_idx ON sbom_snapshot (service_id, uploaded_at);

ALTER TABLE service ADD CONSTRAINT service_current_snapshot_fk
    FOREIGN KEY (current_snapshot_id) REFERENCES sbom_snapshot (id);

CREATE TABLE software_package (
    id         UUID PRIMARY KEY,
    purl       VARCHAR(2048) NOT NULL UNIQUE,
    ecosystem  VARCHAR(50) NOT NULL,
    namespace  VARCHAR(1000),
    name       VARCHAR(1000) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX software_package_ecosystem_idx ON software_package (ecosystem, purl);

CREATE TABLE package_version (
    id          UUID PRIMARY KEY,
    package_id  UUID NOT NULL REFERENCES software_package (id),
    version     VARCHAR(500) NOT NULL,
    qualifiers  VARCHAR(1000) NOT NULL DEFAULT '',
    purl        VARCHAR(2048) NOT NULL UNIQUE,
    hashes      TEXT,
    licenses    TEXT,
    supplier    VARCHAR(500),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX package_version_package_idx ON package_version (package_id);

-- One row per service snapshot x package version: the service uses that version,
-- directly or transitively, in that scope. The two bulk tables below reference their snapshot
-- by foreign key; their package-version (and service) references are written by the ingestion
-- transaction that also writes those versions, and are not re-checked row by row: on a
-- 10,000-component SBOM the per-row foreign-key triggers cost more than the inserts themselves.
CREATE TABLE package_usage (
    snapshot_id        UUID NOT NULL REFERENCES sbom_snapshot (id),
    package_version_id UUID NOT NULL,
    service_id         UUID NOT NULL,
    relationship       VARCHAR(12) NOT NULL,
    scope              VARCHAR(12),
    PRIMARY KEY (snapshot_id, package_version_id),
    CONSTRAINT package_usage_relationship_check CHECK (relationship IN ('direct', 'transitive', 'unknown'))
);
CREATE INDEX package_usage_version_idx ON package_usage (package_version_id, snapshot_id);

CREATE TABLE dependency_edge (
    snapshot_id     UUID NOT NULL REFERENCES sbom_snapshot (id),
    from_version_id UUID NOT NULL,
    to_version_id   UUID NOT NULL,
    PRIMARY KEY (snapshot_id, from_version_id, to_version_id)
);

CREATE TABLE ingestion_job (
    id             UUID PRIMARY KEY,
    service_id     UUID NOT NULL REFERENCES service (id),
    state          VARCHAR(12) NOT NULL,
    format         VARCHAR(10) NOT NULL,
    label          VARCHAR(200),
    payload_digest VARCHAR(64) NOT NULL,
    payload_size   BIGINT NOT NULL,
    submitted_by   VARCHAR(200) NOT NULL,
    submitted_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at     TIMESTAMP WITH TIME ZONE,
    finished_at    TIMESTAMP WITH TIME ZONE,
    attempts       INTEGER NOT NULL DEFAULT 0,
    lease_owner    VARCHAR(100),
    lease_until    TIMESTAMP WITH TIME ZONE,
    snapshot_id    UUID REFERENCES sbom_snapshot (id),
    result         TEXT,
    error          TEXT,
    CONSTRAINT ingestion_job_state_check CHECK (state IN ('queued', 'processing', 'completed', 'failed'))
);
CREATE INDEX ingestion_job_queue_idx ON ingestion_job (state, submitted_at);

-- The uploaded document of a job not yet finished, in chunks (large single values strain H2's
-- page store); deleted in the transaction that completes or fails the job.
CREATE TABLE ingestion_payload (
    job_id UUID NOT NULL REFERENCES ingestion_job (id),
    seq    INTEGER NOT NULL,
    data   BYTEA NOT NULL,
    PRIMARY KEY (job_id, seq)
);

CREATE TABLE api_token (
    id            UUID PRIMARY KEY,
    name          VARCHAR(200) NOT NULL,
    owner         VARCHAR(200) NOT NULL,
    token_hash    VARCHAR(64) NOT NULL UNIQUE,
    token_prefix  VARCHAR(16) NOT NULL,
    roles         VARCHAR(200) NOT NULL,
    service_scope VARCHAR(100),
    created_by    VARCHAR(200) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE,
    revoked_at    TIMESTAMP WITH TIME ZONE,
    last_used_at  TIMESTAMP WITH TIME ZONE
);

CREATE TABLE idempotency_record (
    principal      VARCHAR(200) NOT NULL,
    idem_key       VARCHAR(200) NOT NULL,
    operation      VARCHAR(200) NOT NULL,
    request_hash   VARCHAR(64) NOT NULL,
    resource_id    UUID NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (principal, idem_key)
);
