-- Bearer tokens of the status API. Only a SHA-256 of each token is stored; the token is shown once.
CREATE TABLE api_tokens (
  id            bigserial PRIMARY KEY,
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  role          text NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
  token_hash    text NOT NULL UNIQUE,
  -- 'env' (ADMIN_TOKEN) or 'generated' (first start) for the bootstrap admin token, else NULL.
  bootstrap     text CHECK (bootstrap IN ('env', 'generated')),
  created_by    text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz,
  revoked_at    timestamptz,
  revoked_by    text
);
CREATE UNIQUE INDEX api_tokens_active_name ON api_tokens (name) WHERE revoked_at IS NULL;
