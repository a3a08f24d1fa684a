-- Readiness writes one row per portal process here every second: a database that answers
-- queries but can no longer write (disk full, read-only, a failed embedded store) is not ready.
CREATE TABLE health_probe (
    node      VARCHAR(100) PRIMARY KEY,
    probed_at TIMESTAMP WITH TIME ZONE NOT NULL
);
