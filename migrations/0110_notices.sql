-- Notices between regions (national spec 1.1 §8): what the feed served, the case each notice opens,
-- what operators did, and every answer sent.

-- The feed's position. One row; moved only in the transaction that stores the notices it covers.
CREATE TABLE notice_feed (
  id              smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  cursor          text,
  last_polled_at  timestamptz,
  last_ok_at      timestamptz,
  last_error      text,
  last_error_at   timestamptz
);

-- Every revision of every notice, exactly as received (or, for a notice this gateway raised, as the
-- platform accepted it). A revision seen again is a no-op.
CREATE TABLE notice_revisions (
  notice_id    text NOT NULL,
  revision     integer NOT NULL CHECK (revision >= 1),
  kind         text NOT NULL,
  issued_at    timestamptz NOT NULL,
  body         jsonb NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (notice_id, revision)
);

-- The latest revision of each notice (the highest revision seen wins), with its case.
CREATE TABLE notices (
  notice_id         text PRIMARY KEY,
  origin            text NOT NULL CHECK (origin IN ('received', 'raised')),
  revision          integer NOT NULL CHECK (revision >= 1),
  kind              text NOT NULL CHECK (kind IN ('PROBLEM_PRODUCT', 'RECALL', 'WITHDRAWN')),
  severity          text NOT NULL,
  hazard            text NOT NULL,
  issued_at         timestamptz NOT NULL,
  issuer_region     text NOT NULL,
  target_regions    text[] NOT NULL,
  trace_codes       text[] NOT NULL,
  product_code      text NOT NULL,
  subject_code      text,
  test_item         text,
  actions_required  text[] NOT NULL,
  respond_by        timestamptz NOT NULL,
  supersedes        text,
  body              jsonb NOT NULL,
  -- When a feed answer holding the notice first reached this gateway: §8.4's 2-hour clock.
  first_seen_at     timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  -- Set when a WITHDRAWN notice superseding this one is seen (before or after this one arrives).
  withdrawn_at      timestamptz,
  withdrawn_by      text,
  -- The case: open → acknowledged → in_progress → closed; withdrawn ends it wherever it stood.
  -- A WITHDRAWN notice or one this gateway raised has no case ('none').
  case_state        text NOT NULL DEFAULT 'open'
                    CHECK (case_state IN ('none', 'open', 'acknowledged', 'in_progress', 'closed', 'withdrawn')),
  final_status      text CHECK (final_status IN ('COMPLETED', 'NOT_FOUND')),
  closed_at         timestamptz,
  closed_by         text,
  -- Alerts already raised for this case, so each is raised once.
  alerts_sent       text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX notices_trace_codes ON notices USING gin (trace_codes);
CREATE INDEX notices_supersedes ON notices (supersedes) WHERE supersedes IS NOT NULL;
CREATE INDEX notices_open_cases ON notices (respond_by) WHERE case_state IN ('open', 'acknowledged', 'in_progress');
CREATE INDEX notices_first_seen ON notices (first_seen_at DESC);

-- What operators did about a case (§8.4 actions), in the order recorded.
CREATE TABLE notice_actions (
  id            bigserial PRIMARY KEY,
  notice_id     text NOT NULL REFERENCES notices (notice_id),
  action        text NOT NULL CHECK (action IN ('TRACE', 'OFF_SHELF', 'RETEST', 'RECALL')),
  at            timestamptz NOT NULL,
  subject_code  text,
  quantity      numeric,
  unit          text,
  note          text,
  recorded_by   text NOT NULL,
  recorded_at   timestamptz NOT NULL DEFAULT now(),
  CHECK ((quantity IS NULL) = (unit IS NULL))
);
CREATE INDEX notice_actions_notice ON notice_actions (notice_id, id);

-- The answer outbox: each answer's responseId and exact body are written before the first attempt,
-- so a retry (or a restart after kill -9) sends the same bytes, and nothing written is skipped.
CREATE TABLE notice_responses (
  response_id     text PRIMARY KEY,
  notice_id       text NOT NULL REFERENCES notices (notice_id),
  seq             bigserial NOT NULL,
  status          text NOT NULL CHECK (status IN ('ACKNOWLEDGED', 'IN_PROGRESS', 'COMPLETED', 'NOT_FOUND')),
  body            text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  created_by      text NOT NULL,
  -- pending → sent (the platform answered 200) | refused (a permanent error) | cancelled (the notice
  -- was withdrawn before it left).
  outcome         text NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'sent', 'refused', 'cancelled')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error      text,
  sent_at         timestamptz,
  received_at     timestamptz
);
CREATE INDEX notice_responses_pending ON notice_responses (next_attempt_at, seq) WHERE outcome = 'pending';
CREATE INDEX notice_responses_notice ON notice_responses (notice_id, seq);

-- Notices this gateway raises (§8.5): proposed from a failed inspection, confirmed by an operator or
-- automatically, sent with a fixed clientNoticeId and body.
CREATE TABLE raised_notices (
  client_notice_id  text PRIMARY KEY,
  state             text NOT NULL DEFAULT 'proposed'
                    CHECK (state IN ('proposed', 'confirmed', 'accepted', 'refused', 'dismissed')),
  body              text NOT NULL,
  evidence_record   text NOT NULL,
  trace_codes       text[] NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  decided_at        timestamptz,
  decided_by        text,
  attempts          integer NOT NULL DEFAULT 0,
  next_attempt_at   timestamptz NOT NULL DEFAULT now(),
  last_error        text,
  notice_id         text,
  target_regions    text[],
  accepted_at       timestamptz
);
CREATE INDEX raised_notices_open ON raised_notices (next_attempt_at) WHERE state = 'confirmed';
CREATE INDEX raised_notices_state ON raised_notices (state, created_at DESC);
