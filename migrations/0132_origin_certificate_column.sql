-- The certificate number an entry names (originCertificateNo), which rule 4 of the notice chain (§8.6)
-- searches entries by, is written with each version in a column of its own and indexed there, like the
-- other trace links (0131). Before, every such search read every version of the table, parsing each
-- entry's body as JSON.
ALTER TABLE national_records ADD COLUMN origin_certificate_no text;

UPDATE national_records SET origin_certificate_no = body::jsonb ->> 'originCertificateNo'
 WHERE interface = 'entries' AND jsonb_typeof(body::jsonb -> 'originCertificateNo') = 'string';

CREATE INDEX national_records_origin_certificate ON national_records (origin_certificate_no) WHERE interface = 'entries';

-- The view gains the column at its end (CREATE OR REPLACE VIEW keeps the existing ones in place).
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
  LEFT JOIN LATERAL (SELECT x.batch_id, x.state, x.record_ids, x.delivered_at FROM batches x
                      WHERE x.record_ids @> ARRAY[n.id] AND x.state <> 'split' LIMIT 1) b ON true;
