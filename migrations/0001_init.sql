-- Adapter instances, declared by config files or registered through the API.
CREATE TABLE adapters (
  id                text PRIMARY KEY,
  kind              text NOT NULL,
  origin            text NOT NULL CHECK (origin IN ('config', 'demo', 'api')),
  declaration       jsonb NOT NULL,
  enabled           boolean NOT NULL DEFAULT true,
  state             text NOT NULL DEFAULT 'idle' CHECK (state IN ('idle', 'pulling', 'failing', 'stopped')),
  last_pull_at      timestamptz,
  last_success_at   timestamptz,
  last_outcome      text,
  last_error        text,
  last_error_at     timestamptz,
  consecutive_failures integer NOT NULL DEFAULT 0,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);

-- The position of each stream; moved only in the transaction that stages the page it covers.
CREATE TABLE cursors (
  adapter_id  text NOT NULL,
  stream      text NOT NULL,
  cursor      jsonb NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (adapter_id, stream)
);

-- One row per pull (scheduled, manual or backfill) for status and history.
CREATE TABLE pulls (
  id           bigserial PRIMARY KEY,
  adapter_id   text NOT NULL,
  mode         text NOT NULL CHECK (mode IN ('scheduled', 'manual', 'backfill')),
  window_spec  jsonb,
  started_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz,
  outcome      text NOT NULL DEFAULT 'running' CHECK (outcome IN ('running', 'ok', 'failed', 'partial')),
  pages        integer NOT NULL DEFAULT 0,
  records      integer NOT NULL DEFAULT 0,
  new_records  integer NOT NULL DEFAULT 0,
  error        text
);
CREATE INDEX pulls_adapter ON pulls (adapter_id, id DESC);

-- What was requested and received for each staged page (source-subsystems §5.11).
CREATE TABLE source_pages (
  id          bigserial PRIMARY KEY,
  adapter_id  text NOT NULL,
  stream      text NOT NULL,
  pulled_at   timestamptz NOT NULL DEFAULT now(),
  meta        jsonb,
  warnings    jsonb
);

-- Every revision of every source record as received; a repeated revision is a no-op (content hash).
CREATE TABLE source_records (
  id            bigserial PRIMARY KEY,
  adapter_id    text NOT NULL,
  stream        text NOT NULL,
  source_key    text NOT NULL,
  content_hash  text NOT NULL,
  ordering_key  text NOT NULL,
  payload       jsonb NOT NULL,
  raw_text      text,
  deleted       boolean NOT NULL DEFAULT false,
  page_id       bigint,
  pulled_at     timestamptz NOT NULL DEFAULT now(),
  outcome       text NOT NULL DEFAULT 'staged'
                CHECK (outcome IN ('staged', 'mapped', 'unchanged', 'quarantined', 'deleted', 'stale')),
  warnings      jsonb,
  national_record_id bigint,
  UNIQUE (adapter_id, stream, source_key, content_hash)
);
CREATE INDEX source_records_newest ON source_records (adapter_id, stream, source_key, ordering_key DESC, id DESC);
CREATE INDEX source_records_pulled ON source_records (pulled_at);

-- National records, one row per version. `body` is the exact JSON text sent, so retries send the same bytes.
CREATE TABLE national_records (
  id                bigserial PRIMARY KEY,
  interface         text NOT NULL,
  record_id         text NOT NULL,
  version           integer NOT NULL CHECK (version >= 1),
  body              text NOT NULL,
  content_hash      text NOT NULL,
  trace_code        text,
  adapter_id        text NOT NULL,
  source_record_id  bigint NOT NULL,
  state             text NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'batched', 'accepted', 'duplicate', 'rejected', 'superseded')),
  batch_id          text,
  batch_position    integer,
  errors            jsonb,
  created_at        timestamptz NOT NULL DEFAULT now(),
  delivered_at      timestamptz,
  UNIQUE (interface, record_id, version)
);
CREATE INDEX national_records_pending ON national_records (interface, id) WHERE state = 'pending';
CREATE INDEX national_records_batch ON national_records (batch_id, batch_position);
CREATE INDEX national_records_record ON national_records (record_id);
CREATE INDEX national_records_trace ON national_records (trace_code) WHERE trace_code IS NOT NULL;
CREATE INDEX national_records_state ON national_records (interface, state);

-- A batch's membership never changes; its batchId is sent on every attempt.
CREATE TABLE batches (
  batch_id        text PRIMARY KEY,
  interface       text NOT NULL,
  state           text NOT NULL DEFAULT 'queued'
                  CHECK (state IN ('queued', 'sending', 'delivered', 'failing', 'blocked', 'split')),
  record_count    integer NOT NULL,
  body_bytes      integer NOT NULL,
  attempts        integer NOT NULL DEFAULT 0,
  last_status     integer,
  last_code       text,
  last_error      text,
  next_attempt_at timestamptz,
  receipt_id      text,
  receipt         jsonb,
  parent_batch_id text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  first_sent_at   timestamptz,
  delivered_at    timestamptz
);
CREATE INDEX batches_open ON batches (interface, state) WHERE state NOT IN ('delivered', 'split');

-- Records held back with a reason an operator can read, fix and replay.
CREATE TABLE quarantine (
  id                 bigserial PRIMARY KEY,
  adapter_id         text NOT NULL,
  stream             text NOT NULL,
  source_key         text NOT NULL,
  source_record_id   bigint NOT NULL,
  interface          text,
  record_id          text,
  national_record_id bigint,
  stage              text NOT NULL CHECK (stage IN ('mapping', 'validation', 'platform')),
  reasons            text[] NOT NULL,
  errors             jsonb NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  resolved_at        timestamptz,
  resolution         text CHECK (resolution IN ('replayed', 'superseded', 'delivered', 'dismissed', 'deleted'))
);
CREATE INDEX quarantine_open ON quarantine (adapter_id, stream, source_key) WHERE resolved_at IS NULL;
CREATE INDEX quarantine_open_time ON quarantine (created_at) WHERE resolved_at IS NULL;

-- Audit trail of operator actions and notable system events.
CREATE TABLE events (
  id       bigserial PRIMARY KEY,
  at       timestamptz NOT NULL DEFAULT now(),
  actor    text NOT NULL,
  action   text NOT NULL,
  subject  text,
  details  jsonb
);
CREATE INDEX events_at ON events (at DESC);

-- Delivery pause per national credential (E2001/E2004) and other national-side state.
CREATE TABLE national_state (
  app_key       text PRIMARY KEY,
  paused        boolean NOT NULL DEFAULT false,
  paused_reason text,
  paused_at     timestamptz,
  last_ok_at    timestamptz,
  last_error    text,
  last_error_at timestamptz,
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Requests sent to the national platform, for the shared sliding-window rate limit across processes.
CREATE TABLE rate_limit_log (
  key   text NOT NULL,
  at    timestamptz NOT NULL
);
CREATE INDEX rate_limit_log_key_at ON rate_limit_log (key, at);
