-- Issue 13: an API process keeps the sessions it has checked (auth/session-cache.ts) instead of
-- reading the user on every request, and forgets a user's the moment anything about them
-- changes. Every such change is a write to one of these two tables, whoever makes it (an API
-- process, another replica, the operator CLI), so the database announces it: the payload is the
-- user's id, or '*' after a TRUNCATE. NOTIFY is sent at commit, never for a rolled-back change.
CREATE FUNCTION sales_auth_changed() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF TG_LEVEL = 'STATEMENT' THEN
    PERFORM pg_notify('sales_auth_changed', '*');
  ELSIF TG_TABLE_NAME = 'ended_sessions' THEN
    PERFORM pg_notify('sales_auth_changed', NEW.user_id::text);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM pg_notify('sales_auth_changed', OLD.id::text);
  ELSE
    PERFORM pg_notify('sales_auth_changed', NEW.id::text);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER users_auth_changed AFTER UPDATE OR DELETE ON users FOR EACH ROW EXECUTE FUNCTION sales_auth_changed();
--> statement-breakpoint
CREATE TRIGGER users_truncated AFTER TRUNCATE ON users FOR EACH STATEMENT EXECUTE FUNCTION sales_auth_changed();
--> statement-breakpoint
CREATE TRIGGER ended_sessions_auth_changed AFTER INSERT ON ended_sessions FOR EACH ROW EXECUTE FUNCTION sales_auth_changed();
--> statement-breakpoint
CREATE TRIGGER ended_sessions_truncated AFTER TRUNCATE ON ended_sessions FOR EACH STATEMENT EXECUTE FUNCTION sales_auth_changed();
