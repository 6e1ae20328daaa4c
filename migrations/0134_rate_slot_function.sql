-- A request's slot in the shared request window (src/db/queries/rate-limit.ts) is reserved by one call
-- of this function, a prepared statement whose plan each connection keeps, instead of a simple query
-- of BEGIN, the lock, the reservation and COMMIT that PostgreSQL parsed and planned for every request
-- to the platform: 0.40 → 0.15 ms of the server's CPU a reservation (docs/benchmark.md, round 20).
--
-- The statement is its own transaction: the advisory lock is held to its end, and each statement of a
-- volatile function takes its own snapshot, so the reservation sees every reservation committed before
-- the lock was granted. The log only spaces requests: its commit need not wait for the disk.
CREATE FUNCTION reserve_rate_slot(slot_key text, slot_limit int, window_secs float8)
  RETURNS TABLE (at timestamptz, now timestamptz) LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('trace-gateway:rate:' || slot_key));
  PERFORM set_config('synchronous_commit', 'off', true);
  RETURN QUERY
  WITH pruned AS (DELETE FROM rate_limit_log l WHERE l.key = slot_key AND l.at < clock_timestamp() - make_interval(secs => 2 * window_secs)),
       newest AS (SELECT l.at FROM rate_limit_log l WHERE l.key = slot_key AND l.at > clock_timestamp() - make_interval(secs => window_secs)
                   ORDER BY l.at DESC LIMIT slot_limit),
       w AS (SELECT count(*)::int AS n, max(newest.at) AS newest, min(newest.at) AS nth, clock_timestamp() AS now FROM newest),
       slot AS (SELECT w.now, greatest(
                  w.now,
                  CASE WHEN w.n >= slot_limit / 2 THEN w.newest + make_interval(secs => window_secs / slot_limit) END,
                  CASE WHEN w.n >= slot_limit THEN w.nth + make_interval(secs => window_secs) END) AS at
                  FROM w),
       taken AS (INSERT INTO rate_limit_log (key, at) SELECT slot_key, slot.at FROM slot)
  SELECT slot.at, slot.now FROM slot;
END $$;
