-- Providers, versioned dependency contracts (service -> provider capability | service) and a
-- change marker that tells every portal replica when to rebuild its incident graph.

CREATE TABLE provider (
    id              UUID PRIMARY KEY,
    name            VARCHAR(100) NOT NULL UNIQUE,
    display_name    VARCHAR(200),
    capabilities    VARCHAR(2000) NOT NULL DEFAULT '',
    regions         VARCHAR(2000) NOT NULL DEFAULT '',
    status_page_url VARCHAR(1000),
    support_contact VARCHAR(300),
    data_residency  VARCHAR(200),
    review_state    VARCHAR(30) NOT NULL DEFAULT 'unreviewed',
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Every version of every contract is kept; exactly one row per (service, name) is current.
-- A removed contract is a current row with removed = TRUE (its history stays).
CREATE TABLE dependency_contract (
    id                  UUID PRIMARY KEY,
    service_id          UUID NOT NULL REFERENCES service (id),
    name                VARCHAR(100) NOT NULL,
    version             INTEGER NOT NULL,
    current             BOOLEAN NOT NULL,
    removed             BOOLEAN NOT NULL DEFAULT FALSE,
    target_service      VARCHAR(100),
    provider            VARCHAR(100),
    capability          VARCHAR(100),
    mode                VARCHAR(10) NOT NULL,
    criticality         VARCHAR(20),
    cross_region        BOOLEAN,
    ordering_guarantee  VARCHAR(30),
    delivery            VARCHAR(30),
    idempotency         VARCHAR(20),
    timeout_ms          INTEGER,
    retry_owner         VARCHAR(200),
    throughput_normal   VARCHAR(200),
    throughput_degraded VARCHAR(200),
    quota               TEXT,
    degraded_behavior   TEXT,
    fallback            TEXT,
    user_impact         TEXT,
    runbook             VARCHAR(1000),
    content_hash        VARCHAR(64) NOT NULL,
    change_source       VARCHAR(20) NOT NULL,
    changed_by          VARCHAR(200) NOT NULL,
    changed_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT dependency_contract_version_unique UNIQUE (service_id, name, version),
    CONSTRAINT dependency_contract_mode_check CHECK (mode IN ('sync', 'async'))
);
CREATE INDEX dependency_contract_current_idx ON dependency_contract (current, service_id);
CREATE INDEX dependency_contract_changed_idx ON dependency_contract (changed_at);

CREATE TABLE change_marker (
    name    VARCHAR(50) PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO change_marker (name, version) VALUES ('topology', 0);
