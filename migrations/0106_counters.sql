-- Counts kept up to date by the transactions that change them, so that the status API, /metrics, the
-- dashboard and the alert evaluator read a few rows whatever the size of the tables. Each row is split
-- into shards (by the writing connection) so that concurrent writers rarely wait on the same row;
-- readers add the shards up. Counts of end states (accepted, duplicate, rejected, superseded) and of
-- source outcomes are totals since counting began: retention does not take them back.

CREATE TABLE record_counts (
  adapter_id text NOT NULL,
  interface  text NOT NULL,
  state      text NOT NULL,
  shard      smallint NOT NULL,
  n          bigint NOT NULL,
  PRIMARY KEY (adapter_id, interface, state, shard)
);

-- Delivery outcomes per Beijing date (reconciliation compares these with the platform's statistics).
CREATE TABLE daily_record_counts (
  day        date NOT NULL,
  adapter_id text NOT NULL,
  interface  text NOT NULL,
  state      text NOT NULL,
  shard      smallint NOT NULL,
  n          bigint NOT NULL,
  PRIMARY KEY (day, interface, adapter_id, state, shard)
);

CREATE TABLE source_counts (
  adapter_id text NOT NULL,
  stream     text NOT NULL,
  outcome    text NOT NULL,
  shard      smallint NOT NULL,
  n          bigint NOT NULL,
  PRIMARY KEY (adapter_id, stream, outcome, shard)
);

-- Open quarantine entries; kept by a trigger, since entries are opened and closed in many places.
CREATE TABLE quarantine_counts (
  adapter_id text NOT NULL,
  stream     text NOT NULL,
  interface  text NOT NULL,
  stage      text NOT NULL,
  shard      smallint NOT NULL,
  n          bigint NOT NULL,
  PRIMARY KEY (adapter_id, stream, interface, stage, shard)
);

CREATE FUNCTION count_shard() RETURNS smallint LANGUAGE sql STABLE AS $$ SELECT (pg_backend_pid() % 16)::smallint $$;

CREATE FUNCTION quarantine_counts_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO quarantine_counts (adapter_id, stream, interface, stage, shard, n)
  SELECT adapter_id, stream, COALESCE(interface, ''), stage, count_shard(), count(*) FROM new_rows WHERE resolved_at IS NULL
   GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (adapter_id, stream, interface, stage, shard) DO UPDATE SET n = quarantine_counts.n + excluded.n;
  RETURN NULL;
END $$;

CREATE FUNCTION quarantine_counts_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO quarantine_counts (adapter_id, stream, interface, stage, shard, n)
  SELECT adapter_id, stream, interface, stage, count_shard(), sum(d) FROM (
    SELECT adapter_id, stream, COALESCE(interface, '') AS interface, stage, -1 AS d FROM old_rows WHERE resolved_at IS NULL
    UNION ALL
    SELECT adapter_id, stream, COALESCE(interface, ''), stage, 1 FROM new_rows WHERE resolved_at IS NULL
  ) x GROUP BY 1, 2, 3, 4 HAVING sum(d) <> 0 ORDER BY 1, 2, 3, 4
  ON CONFLICT (adapter_id, stream, interface, stage, shard) DO UPDATE SET n = quarantine_counts.n + excluded.n;
  RETURN NULL;
END $$;

CREATE FUNCTION quarantine_counts_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO quarantine_counts (adapter_id, stream, interface, stage, shard, n)
  SELECT adapter_id, stream, COALESCE(interface, ''), stage, count_shard(), -count(*) FROM old_rows WHERE resolved_at IS NULL
   GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (adapter_id, stream, interface, stage, shard) DO UPDATE SET n = quarantine_counts.n + excluded.n;
  RETURN NULL;
END $$;

CREATE TRIGGER quarantine_counts_insert AFTER INSERT ON quarantine REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION quarantine_counts_on_insert();
CREATE TRIGGER quarantine_counts_update AFTER UPDATE ON quarantine REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION quarantine_counts_on_update();
CREATE TRIGGER quarantine_counts_delete AFTER DELETE ON quarantine REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION quarantine_counts_on_delete();

-- Counts of what is already stored.
INSERT INTO record_counts (adapter_id, interface, state, shard, n)
SELECT adapter_id, interface, state, 0, count(*) FROM national_record_states GROUP BY 1, 2, 3;
INSERT INTO daily_record_counts (day, adapter_id, interface, state, shard, n)
SELECT (delivered_at AT TIME ZONE 'Asia/Shanghai')::date, adapter_id, interface, state, 0, count(*)
  FROM national_record_states WHERE delivered_at IS NOT NULL GROUP BY 1, 2, 3, 4;
INSERT INTO source_counts (adapter_id, stream, outcome, shard, n)
SELECT adapter_id, stream, outcome, 0, count(*) FROM source_records GROUP BY 1, 2, 3;
INSERT INTO quarantine_counts (adapter_id, stream, interface, stage, shard, n)
SELECT adapter_id, stream, COALESCE(interface, ''), stage, 0, count(*) FROM quarantine WHERE resolved_at IS NULL GROUP BY 1, 2, 3, 4;

-- The status API's throughput reads the batches delivered in the last minutes.
CREATE INDEX batches_delivered ON batches (delivered_at) WHERE delivered_at IS NOT NULL;

-- The alert evaluator counts the quarantine entries of the last minutes; entries are appended in time order.
CREATE INDEX quarantine_created ON quarantine USING brin (created_at);
