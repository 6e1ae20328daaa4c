-- Every national record version with its delivery state. Readers that need a record's state (API,
-- trace chains, notices, the public trace page) read it here rather than from the table's columns,
-- so that where the state is kept can change without touching them.
CREATE VIEW national_record_states AS
SELECT id, interface, record_id, version, body, content_hash, trace_code, adapter_id, source_record_id,
       state, batch_id, batch_position, errors, created_at, delivered_at
  FROM national_records;
