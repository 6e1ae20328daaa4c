-- Trace-chain links held inside record bodies (body is the JSON text sent).
CREATE INDEX national_records_parent_trace ON national_records ((body::jsonb ->> 'parentTraceCode')) WHERE interface = 'trades';
CREATE INDEX national_records_carried_codes ON national_records USING gin ((body::jsonb -> 'traceCodes')) WHERE interface = 'transports';
CREATE INDEX national_records_subject_code ON national_records ((body::jsonb ->> 'subjectCode')) WHERE interface = 'subjects';

-- Lineage from a source record to its national versions, and every quarantine entry of a key.
CREATE INDEX national_records_source ON national_records (source_record_id);
CREATE INDEX source_records_key ON source_records (adapter_id, source_key);
CREATE INDEX quarantine_key ON quarantine (adapter_id, source_key, id);
CREATE INDEX quarantine_record ON quarantine (record_id) WHERE record_id IS NOT NULL;

-- Keyset pages of records by interface and state, newest first.
CREATE INDEX national_records_listing ON national_records (interface, state, id);
