-- Every staged row and every state change writes an entry into each index of its table; these
-- indexes were covered by others. Lookups by source key (with or without the stream) and by
-- record id (with or without the interface) now use the reordered unique keys.
ALTER TABLE source_records DROP CONSTRAINT source_records_adapter_id_stream_source_key_content_hash_key;
ALTER TABLE source_records ADD CONSTRAINT source_records_revision UNIQUE (adapter_id, source_key, stream, content_hash);
DROP INDEX source_records_newest;
DROP INDEX source_records_key;

ALTER TABLE national_records DROP CONSTRAINT national_records_interface_record_id_version_key;
ALTER TABLE national_records ADD CONSTRAINT national_records_version UNIQUE (record_id, interface, version);
DROP INDEX national_records_record;
DROP INDEX national_records_state;

-- Pending versions have no batch yet: only batched rows need this index.
DROP INDEX national_records_batch;
CREATE INDEX national_records_batch ON national_records (batch_id, batch_position) WHERE batch_id IS NOT NULL;

-- Rows are appended in pull order, so a block-range index serves retention's time ranges at almost
-- no cost per row.
DROP INDEX source_records_pulled;
CREATE INDEX source_records_pulled ON source_records USING brin (pulled_at);
