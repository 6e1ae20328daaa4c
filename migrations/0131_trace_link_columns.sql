-- The codes the trace lookups search by (a subject's code, the parent trace code of a trade, the trace
-- codes a transport carried) are written with each version in columns of their own, as its trace code
-- already was. The indexes they replace were on body::jsonb: every subject, trade and transport body
-- was parsed as JSON again while its version was inserted, a third of the cost of writing a subject.
ALTER TABLE national_records
  ADD COLUMN subject_code text,
  ADD COLUMN parent_trace_code text,
  ADD COLUMN carried_trace_codes text[];

-- Dropped before the columns are filled, so that the filling does not maintain them.
DROP INDEX national_records_subject_code, national_records_parent_trace, national_records_carried_codes;

UPDATE national_records SET subject_code = body::jsonb ->> 'subjectCode' WHERE interface = 'subjects';
UPDATE national_records SET parent_trace_code = body::jsonb ->> 'parentTraceCode' WHERE interface = 'trades';
UPDATE national_records
   SET carried_trace_codes = ARRAY(SELECT jsonb_array_elements_text(body::jsonb -> 'traceCodes'))
 WHERE interface = 'transports' AND jsonb_typeof(body::jsonb -> 'traceCodes') = 'array';

CREATE INDEX national_records_subject_code ON national_records (subject_code) WHERE interface = 'subjects';
CREATE INDEX national_records_parent_trace ON national_records (parent_trace_code) WHERE interface = 'trades';
CREATE INDEX national_records_carried_codes ON national_records USING gin (carried_trace_codes) WHERE interface = 'transports';

-- The view gains the columns at its end (CREATE OR REPLACE VIEW keeps the existing ones in place).
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
       n.carried_trace_codes
  FROM national_records n
  LEFT JOIN record_outcomes o ON o.id = n.id
  LEFT JOIN pending_records p ON p.interface = n.interface AND p.id = n.id
  LEFT JOIN LATERAL (SELECT x.batch_id, x.state, x.record_ids, x.delivered_at FROM batches x
                      WHERE x.record_ids @> ARRAY[n.id] AND x.state <> 'split' LIMIT 1) b ON true;
