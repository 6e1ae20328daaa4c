-- A token may carry an expiry; past it the token is refused (401 TG_AUTH_EXPIRED).
ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz;
