-- Every filter of GET /api/quarantine is an index search on the open entries, newest id order kept.
CREATE INDEX quarantine_open_stream ON quarantine (stream, id) WHERE resolved_at IS NULL;
CREATE INDEX quarantine_open_interface ON quarantine (interface, id) WHERE resolved_at IS NULL;
CREATE INDEX quarantine_open_stage ON quarantine (stage, id) WHERE resolved_at IS NULL;
-- reason: the query asks `reasons @> ARRAY[reason]`, which this index answers.
CREATE INDEX quarantine_open_reasons ON quarantine USING gin (reasons) WHERE resolved_at IS NULL;

-- GET /api/batches: open batches oldest first, all or of one state.
CREATE INDEX batches_open_created ON batches (created_at) WHERE state NOT IN ('delivered', 'split');
CREATE INDEX batches_open_state ON batches (state, created_at) WHERE state NOT IN ('delivered', 'split');
