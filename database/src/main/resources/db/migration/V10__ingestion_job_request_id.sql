-- The request that uploaded a job, so the audit entry of its outcome (written later by a worker)
-- names the same request as the upload's. Older jobs have none.
ALTER TABLE ingestion_job ADD COLUMN request_id VARCHAR(100);
