-- A national record version is written once and never updated for its delivery state.
--   pending   a row in pending_records (the queue batches are formed from)
--   batched   a member of a batch not yet delivered (batches.record_ids, in batch order)
--   accepted  a member of a delivered batch with no exception row
--   duplicate, rejected (and accepted with remarks)   a row in record_outcomes
--   superseded   none of these: replaced by a newer version before it was batched
-- national_record_states derives the state; nothing else should compute it.

CREATE TABLE pending_records (
  interface  text NOT NULL,
  id         bigint NOT NULL,
  adapter_id text NOT NULL,
  PRIMARY KEY (interface, id)
);

CREATE TABLE record_outcomes (
  id        bigint PRIMARY KEY,
  batch_id  text NOT NULL,
  state     text NOT NULL CHECK (state IN ('accepted', 'duplicate', 'rejected')),
  errors    jsonb
);

ALTER TABLE batches ADD COLUMN record_ids bigint[];

-- Existing rows move to the new places. A split batch's records were moved to its halves, so it keeps none.
INSERT INTO pending_records (interface, id, adapter_id) SELECT interface, id, adapter_id FROM national_records WHERE state = 'pending';
UPDATE batches b SET record_ids = m.ids
  FROM (SELECT batch_id, array_agg(id ORDER BY batch_position, id) AS ids FROM national_records WHERE batch_id IS NOT NULL GROUP BY batch_id) m
 WHERE m.batch_id = b.batch_id;
UPDATE batches SET record_ids = '{}' WHERE record_ids IS NULL;
ALTER TABLE batches ALTER COLUMN record_ids SET NOT NULL, ALTER COLUMN record_ids SET DEFAULT '{}';
INSERT INTO record_outcomes (id, batch_id, state, errors)
SELECT id, batch_id, state, errors FROM national_records
 WHERE batch_id IS NOT NULL AND (state IN ('duplicate', 'rejected') OR (state = 'accepted' AND errors IS NOT NULL));

DROP VIEW national_record_states;
ALTER TABLE national_records DROP COLUMN state, DROP COLUMN batch_id, DROP COLUMN batch_position, DROP COLUMN errors, DROP COLUMN delivered_at;

-- Finds a record's batch: one index probe per record, only where a reader asks for a record's state.
CREATE INDEX batches_members ON batches USING gin (record_ids);

CREATE VIEW national_record_states AS
SELECT n.id, n.interface, n.record_id, n.version, n.body, n.content_hash, n.trace_code, n.adapter_id, n.source_record_id,
       CASE WHEN o.state IS NOT NULL THEN o.state
            WHEN b.batch_id IS NOT NULL THEN CASE WHEN b.state = 'delivered' THEN 'accepted' ELSE 'batched' END
            WHEN p.id IS NOT NULL THEN 'pending'
            ELSE 'superseded' END AS state,
       b.batch_id,
       CASE WHEN b.batch_id IS NOT NULL THEN array_position(b.record_ids, n.id) - 1 END AS batch_position,
       o.errors,
       n.created_at,
       CASE WHEN b.state = 'delivered' AND o.state IS DISTINCT FROM 'rejected' THEN b.delivered_at END AS delivered_at
  FROM national_records n
  LEFT JOIN record_outcomes o ON o.id = n.id
  LEFT JOIN pending_records p ON p.interface = n.interface AND p.id = n.id
  LEFT JOIN LATERAL (SELECT x.batch_id, x.state, x.record_ids, x.delivered_at FROM batches x
                      WHERE x.record_ids @> ARRAY[n.id] AND x.state <> 'split' LIMIT 1) b ON true;
