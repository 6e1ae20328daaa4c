-- A batch whose deliver job found the credential paused is parked: it keeps its state and has no
-- job until delivery resumes, when the resume (or, should that be missed, the periodic sweep) gives
-- it one again. The index holds the parked batches alone.
ALTER TABLE batches ADD COLUMN parked_at timestamptz;
CREATE INDEX batches_parked ON batches (batch_id) WHERE parked_at IS NOT NULL;
