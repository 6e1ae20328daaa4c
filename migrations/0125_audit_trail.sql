-- The actor of an event is a token: its id (NULL for system events) beside its name.
ALTER TABLE events ADD COLUMN actor_token_id bigint REFERENCES api_tokens (id);
-- Earlier events named the token only; the id is filled in where the name was never reused.
UPDATE events e SET actor_token_id = t.id
  FROM api_tokens t
 WHERE t.name = e.actor AND (SELECT count(*) FROM api_tokens o WHERE o.name = e.actor) = 1;

-- A token name identifies one token for ever, revoked or not, and "system" names the gateway itself.
-- Revoked tokens that shared a name with another token, and tokens named "system", are renamed once.
UPDATE api_tokens t SET name = left(t.name, 50) || ' #' || t.id
 WHERE t.revoked_at IS NOT NULL AND EXISTS (SELECT 1 FROM api_tokens o WHERE o.name = t.name AND o.id <> t.id);
UPDATE api_tokens SET name = 'token #' || id WHERE lower(name) = 'system';
DROP INDEX api_tokens_active_name;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_name_unique UNIQUE (name);
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_name_not_reserved CHECK (lower(name) <> 'system');

-- The audit trail is append-only: no UPDATE, DELETE or TRUNCATE, whoever asks.
CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail (events) is append-only: % is refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER events_no_change BEFORE UPDATE OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION events_append_only();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events FOR EACH STATEMENT EXECUTE FUNCTION events_append_only();

-- Audit-trail filters of GET /api/events (newest first, keyset on id).
CREATE INDEX events_actor ON events (actor, id);
CREATE INDEX events_action ON events (action, id);
CREATE INDEX events_subject ON events (subject, id);
