-- CEL policies (versioned), package reviews, and the stored evaluation of SBOM snapshots.

CREATE TABLE policy (
    id              UUID PRIMARY KEY,
    name            VARCHAR(100) NOT NULL UNIQUE,
    current_version INTEGER NOT NULL,
    enabled         BOOLEAN NOT NULL,
    built_in        BOOLEAN NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Every version of a policy is kept: who changed it, when, and what it said.
CREATE TABLE policy_version (
    policy_id    UUID NOT NULL REFERENCES policy (id),
    version      INTEGER NOT NULL,
    description  TEXT NOT NULL,
    expression   TEXT NOT NULL,
    severity     VARCHAR(4) NOT NULL,
    target       VARCHAR(12) NOT NULL,
    scope_kind   VARCHAR(12) NOT NULL,
    scope_values TEXT NOT NULL,
    message      TEXT NOT NULL,
    enabled      BOOLEAN NOT NULL,
    changed_by   VARCHAR(200) NOT NULL,
    changed_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (policy_id, version),
    CONSTRAINT policy_version_severity_check CHECK (severity IN ('info', 'warn', 'fail')),
    CONSTRAINT policy_version_target_check CHECK (target IN ('component', 'dependency'))
);

-- A governance decision on a package, optionally limited to a version range [at_least, below).
CREATE TABLE package_review (
    id              UUID PRIMARY KEY,
    package_id      UUID NOT NULL REFERENCES software_package (id),
    at_least        VARCHAR(500),
    below           VARCHAR(500),
    state           VARCHAR(30) NOT NULL,
    requested_by    VARCHAR(200) NOT NULL,
    request_reason  TEXT NOT NULL,
    decided_by      VARCHAR(200),
    decision_reason TEXT,
    conditions      TEXT,
    expires_at      TIMESTAMP WITH TIME ZONE,
    basis           TEXT,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT package_review_state_check CHECK (state IN ('proposed', 'in_review', 'approved', 'approved_with_conditions',
        'rejected', 'revoked'))
);
CREATE INDEX package_review_package_idx ON package_review (package_id);

-- When policies or reviews last changed: snapshots evaluated before that are evaluated again.
CREATE TABLE policy_input_change (
    id         INTEGER PRIMARY KEY,
    changed_at TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO policy_input_change (id, changed_at) VALUES (1, TIMESTAMP WITH TIME ZONE '2000-01-01 00:00:00+00');

-- The latest evaluation of a snapshot and its findings (violations and errors), replaced as a whole.
CREATE TABLE policy_evaluation (
    snapshot_id  UUID PRIMARY KEY REFERENCES sbom_snapshot (id),
    service_id   UUID NOT NULL REFERENCES service (id),
    evaluated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    decision     VARCHAR(4) NOT NULL,
    policies     INTEGER NOT NULL,
    components   INTEGER NOT NULL,
    dependencies INTEGER NOT NULL,
    evaluations  INTEGER NOT NULL,
    violations   INTEGER NOT NULL,
    errors       INTEGER NOT NULL,
    pending      INTEGER NOT NULL,
    CONSTRAINT policy_evaluation_decision_check CHECK (decision IN ('pass', 'warn', 'fail'))
);

CREATE TABLE policy_finding (
    id             UUID PRIMARY KEY,
    snapshot_id    UUID NOT NULL REFERENCES policy_evaluation (snapshot_id),
    policy_name    VARCHAR(100) NOT NULL,
    policy_version INTEGER NOT NULL,
    severity       VARCHAR(4) NOT NULL,
    outcome        VARCHAR(10) NOT NULL,
    subject_kind   VARCHAR(12) NOT NULL,
    subject        VARCHAR(2048) NOT NULL,
    message        TEXT NOT NULL,
    basis          TEXT NOT NULL,
    CONSTRAINT policy_finding_outcome_check CHECK (outcome IN ('violation', 'error'))
);
CREATE INDEX policy_finding_snapshot_idx ON policy_finding (snapshot_id);
