-- One row-level trigger keeps batch_memberships (0135) as batches are inserted or their record_ids
-- set, instead of a statement-level trigger for inserts beside a row-level one for updates that did
-- the same insert. Per batch of 500 inserted, the server's CPU 1.77–2.27 → 1.40–1.57 ms: no
-- transition table is kept (docs/benchmark.md, round 20), and a statement that inserts no batch (the
-- staging writes of a page that forms none) fires no trigger.
DROP TRIGGER batch_memberships_insert ON batches;
DROP TRIGGER batch_memberships_update ON batches;
DROP FUNCTION batch_memberships_on_insert();

-- The update trigger's function inserts or replaces the copy of one row: it now serves inserts too.
ALTER FUNCTION batch_memberships_on_update() RENAME TO batch_memberships_on_write;
CREATE TRIGGER batch_memberships_write AFTER INSERT OR UPDATE OF record_ids ON batches
  FOR EACH ROW EXECUTE FUNCTION batch_memberships_on_write();
