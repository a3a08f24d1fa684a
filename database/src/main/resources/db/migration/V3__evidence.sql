-- Registry evidence per package version, its scores, trust events, the durable evidence
-- collection queue and the registry answer cache (conditional requests, stale copies).

-- One row per package version that should have evidence: collected when due, by whichever portal
-- process leases it first (FOR UPDATE SKIP LOCKED), then due again after the refresh interval.
CREATE TABLE evidence_task (
    package_version_id UUID PRIMARY KEY,
    due_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    lease_owner        VARCHAR(100),
    lease_until        TIMESTAMP WITH TIME ZONE,
    attempts           INTEGER NOT NULL DEFAULT 0,
    last_error         TEXT
);
CREATE INDEX evidence_task_due_idx ON evidence_task (due_at);

-- The newest evidence of a package version and the score computed from it.
CREATE TABLE version_evidence (
    package_version_id UUID PRIMARY KEY,
    collected_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    registry           VARCHAR(50) NOT NULL,
    status             VARCHAR(10) NOT NULL,
    items              TEXT NOT NULL,
    facts              TEXT,
    problems           TEXT NOT NULL,
    provenance_score   INTEGER NOT NULL,
    health_score       INTEGER NOT NULL,
    grade              VARCHAR(1) NOT NULL,
    explanations       TEXT NOT NULL,
    gaps               TEXT NOT NULL,
    gap_count          INTEGER NOT NULL,
    model_version      VARCHAR(20) NOT NULL,
    CONSTRAINT version_evidence_status_check CHECK (status IN ('complete', 'degraded')),
    CONSTRAINT version_evidence_grade_check CHECK (grade IN ('A', 'B', 'C', 'D', 'F'))
);
CREATE INDEX version_evidence_grade_idx ON version_evidence (grade);

-- Dated changes in a package's registry facts. The same change seen twice (two inventory
-- versions, two portal processes, a refresh) is one row: identity_hash is unique.
CREATE TABLE trust_event (
    id            UUID PRIMARY KEY,
    package_id    UUID NOT NULL REFERENCES software_package (id),
    version       VARCHAR(500) NOT NULL,
    kind          VARCHAR(40) NOT NULL,
    occurred_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    detected_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    detail        TEXT NOT NULL,
    source        VARCHAR(2048),
    identity_hash VARCHAR(64) NOT NULL UNIQUE
);
CREATE INDEX trust_event_occurred_idx ON trust_event (occurred_at);
CREATE INDEX trust_event_package_idx ON trust_event (package_id, occurred_at);

CREATE TABLE registry_cache (
    url           VARCHAR(2048) PRIMARY KEY,
    status        INTEGER NOT NULL,
    etag          VARCHAR(500),
    last_modified VARCHAR(100),
    content_type  VARCHAR(200),
    fetched_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    digest        VARCHAR(64),
    body          BYTEA
);
