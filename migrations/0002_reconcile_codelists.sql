-- Result of comparing the gateway's accepted counts with the platform's GET /stats, per date and interface.
CREATE TABLE reconciliations (
  date                date NOT NULL,
  interface           text NOT NULL,
  gateway_accepted    integer NOT NULL,
  gateway_duplicate   integer NOT NULL,
  platform_accepted   integer,
  platform_duplicate  integer,
  difference          integer,
  status              text NOT NULL CHECK (status IN ('match', 'difference', 'unavailable')),
  error               text,
  checked_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (date, interface)
);

-- Code lists fetched from the platform (GET /codelists/{name}); they win over the bundled copies.
CREATE TABLE codelists (
  name        text PRIMARY KEY,
  version     text NOT NULL,
  entries     jsonb NOT NULL,
  fetched_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX national_records_delivered ON national_records (delivered_at) WHERE delivered_at IS NOT NULL;

CREATE INDEX source_records_page ON source_records (page_id);
CREATE INDEX quarantine_source_record ON quarantine (source_record_id);
CREATE INDEX quarantine_national_record ON quarantine (national_record_id) WHERE national_record_id IS NOT NULL;
