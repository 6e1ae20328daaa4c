-- A batch's members are looked up by containment (national_record_states: which batch holds a
-- version) in a table of their own, written once per batch, instead of through a GIN index on
-- batches.record_ids. A batch's row is updated twice in its life (the attempt, the receipt), each
-- time with a new state, which is indexed: such an update cannot be HOT, and every index of the row
-- gets a new entry, the GIN index one per member. Inserting, starting and storing the receipt of a
-- batch of 500 cost the server 1.1–1.5, 0.6–0.67 and 0.87–1.1 ms of CPU with the GIN index on
-- batches, and 1.6–1.8, 0.17–0.23 and 0.27–0.3 ms with the index here (the insert pays for the copy
-- and the trigger; docs/benchmark.md, round 20).
--
-- batches.record_ids stays what delivery, the claim and the lineage read by batch. The triggers
-- below copy it here as batches are inserted (and, should a statement ever set it, updated; batches
-- are never deleted by the gateway, but a delete or truncate takes the copies with it).
CREATE TABLE batch_memberships (
  batch_id   text PRIMARY KEY,
  record_ids bigint[] NOT NULL
);
INSERT INTO batch_memberships (batch_id, record_ids) SELECT batch_id, record_ids FROM batches;
CREATE INDEX batch_memberships_members ON batch_memberships USING gin (record_ids) WITH (fastupdate = off);

CREATE FUNCTION batch_memberships_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO batch_memberships (batch_id, record_ids) SELECT batch_id, record_ids FROM new_rows
  ON CONFLICT (batch_id) DO UPDATE SET record_ids = excluded.record_ids;
  RETURN NULL;
END $$;
CREATE TRIGGER batch_memberships_insert AFTER INSERT ON batches REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION batch_memberships_on_insert();

CREATE FUNCTION batch_memberships_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO batch_memberships (batch_id, record_ids) VALUES (NEW.batch_id, NEW.record_ids)
  ON CONFLICT (batch_id) DO UPDATE SET record_ids = excluded.record_ids;
  RETURN NULL;
END $$;
CREATE TRIGGER batch_memberships_update AFTER UPDATE OF record_ids ON batches
  FOR EACH ROW EXECUTE FUNCTION batch_memberships_on_update();

CREATE FUNCTION batch_memberships_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM batch_memberships m USING old_rows o WHERE m.batch_id = o.batch_id;
  RETURN NULL;
END $$;
CREATE TRIGGER batch_memberships_delete AFTER DELETE ON batches REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION batch_memberships_on_delete();

CREATE FUNCTION batch_memberships_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE batch_memberships;
  RETURN NULL;
END $$;
CREATE TRIGGER batch_memberships_truncate AFTER TRUNCATE ON batches
  FOR EACH STATEMENT EXECUTE FUNCTION batch_memberships_on_truncate();

-- As in 0133, with the containment test on the memberships and each holding batch's state read from its
-- row by its key: the inner LIMIT keeps that read a lookup per membership found, which the planner,
-- without statistics, would otherwise make a scan of every batch to hash.
CREATE OR REPLACE VIEW national_record_states AS
SELECT n.id, n.interface, n.record_id, n.version, n.body, n.content_hash, n.trace_code, n.adapter_id, n.source_record_id,
       CASE WHEN o.state IS NOT NULL THEN o.state
            WHEN b.batch_id IS NOT NULL THEN CASE WHEN b.state = 'delivered' THEN 'accepted' ELSE 'batched' END
            WHEN p.id IS NOT NULL THEN 'pending'
            ELSE 'superseded' END AS state,
       b.batch_id,
       CASE WHEN b.batch_id IS NOT NULL THEN array_position(b.record_ids, n.id) - 1 END AS batch_position,
       o.errors,
       n.created_at,
       CASE WHEN b.state = 'delivered' AND o.state IS DISTINCT FROM 'rejected' THEN b.delivered_at END AS delivered_at,
       n.subject_code,
       n.parent_trace_code,
       n.carried_trace_codes,
       n.origin_certificate_no
  FROM national_records n
  LEFT JOIN record_outcomes o ON o.id = n.id
  LEFT JOIN pending_records p ON p.interface = n.interface AND p.id = n.id
  LEFT JOIN LATERAL (SELECT m.batch_id, x.state, m.record_ids, x.delivered_at FROM batch_memberships m
                      CROSS JOIN LATERAL (SELECT y.state, y.delivered_at, y.created_at FROM batches y WHERE y.batch_id = m.batch_id LIMIT 1) x
                      WHERE m.record_ids @> ARRAY[n.id] AND x.state <> 'split' ORDER BY x.created_at LIMIT 1) b ON true;

DROP INDEX batches_members;
