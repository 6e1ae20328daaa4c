-- A version's batch is looked up by its members index (batches_members) in national_record_states, on
-- every version a trace page, lineage or the records API reads.
--
-- The index no longer keeps a pending list (GIN's fastupdate): every lookup read the whole list, up to
-- 4 MB of recent batches' members, and the planner, costing it so, preferred reading every batch: about
-- 9 ms a lookup beside 2,000 batches against 0.15 ms without the list, while inserting a batch of 500
-- members costs the same either way (docs/benchmark.md, round 18). The entries already pending move
-- into the index now.
ALTER INDEX batches_members SET (fastupdate = off);
SELECT gin_clean_pending_list('batches_members'::regclass);

-- Ordered by creation, so that LIMIT 1 cannot stop a scan of batches at the first one that holds the
-- version (which the planner, without statistics, expected to come early): every batch holding it has
-- to be found first, which the index does. A version is in at most one batch that is not split; the
-- order only makes the choice explicit.
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
                      WHERE x.record_ids @> ARRAY[n.id] AND x.state <> 'split' ORDER BY x.created_at LIMIT 1) b ON true;
