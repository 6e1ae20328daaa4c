-- One row per incident; at most one open incident per key, so several gateway processes raise it once.
CREATE TABLE alert_incidents (
  id               bigserial PRIMARY KEY,
  key              text NOT NULL,
  kind             text NOT NULL,
  summary          text NOT NULL,
  details          jsonb,
  opened_at        timestamptz NOT NULL DEFAULT now(),
  resolved_at      timestamptz,
  open_sent_at     timestamptz,
  resolve_sent_at  timestamptz,
  -- A process sending a notification holds the row until then; a crashed sender's claim expires.
  claimed_until    timestamptz,
  send_attempts    integer NOT NULL DEFAULT 0,
  last_send_error  text
);
CREATE UNIQUE INDEX alert_incidents_open_key ON alert_incidents (key) WHERE resolved_at IS NULL;
CREATE INDEX alert_incidents_unsent ON alert_incidents (id)
  WHERE open_sent_at IS NULL OR (resolved_at IS NOT NULL AND resolve_sent_at IS NULL);
CREATE INDEX alert_incidents_opened ON alert_incidents (opened_at DESC);
