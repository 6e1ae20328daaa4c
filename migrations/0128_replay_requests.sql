-- "Replay all that match" runs as a pg-boss job; its progress is kept here for GET /api/replays/{id}.
CREATE TABLE replay_requests (
  id                     bigserial PRIMARY KEY,
  filter                 jsonb NOT NULL,
  requested_by           text NOT NULL,
  requested_by_token_id  bigint REFERENCES api_tokens (id),
  job_id                 text,
  state                  text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
  total                  integer,
  processed              integer NOT NULL DEFAULT 0,
  outcome                jsonb,
  error                  text,
  created_at             timestamptz NOT NULL DEFAULT now(),
  started_at             timestamptz,
  finished_at            timestamptz
);
