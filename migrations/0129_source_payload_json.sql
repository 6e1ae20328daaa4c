-- Source payloads are stored as the canonical text the gateway hashed, in a `json` column: the
-- server checks that it is JSON but no longer builds a binary tree of every staged payload, and
-- nothing queries inside a payload (it is read back whole, by lineage and quarantine). Rewrites
-- the table once: on a large database this migration takes about as long as copying the table.
ALTER TABLE source_records ALTER COLUMN payload TYPE json USING payload::json;
