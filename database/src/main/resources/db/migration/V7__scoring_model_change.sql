-- A change of the scoring model, recorded once per model version by the first portal process that
-- finds scores of an older version and recomputes them from the stored evidence. Shown once as a
-- system event in GET /api/v1/events (a rescore raises no per-package trust events).
CREATE TABLE scoring_model_change (
    model_version     VARCHAR(20) PRIMARY KEY,
    previous_versions VARCHAR(200) NOT NULL,
    changed_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    rescored          INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX scoring_model_change_changed_idx ON scoring_model_change (changed_at);
