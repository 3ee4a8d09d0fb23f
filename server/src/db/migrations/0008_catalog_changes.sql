-- Every change that can alter what the catalog shows or finds notifies `skt_catalog` with the tool's id, so each
-- process's in-memory search index reloads that tool (catalog-changes.ts). Triggers rather than code paths: the CLI,
-- seeding and any future writer are covered too. NOTIFY is delivered at commit and deduplicated per transaction.
CREATE FUNCTION skt_notify_catalog(tool_id uuid) RETURNS void LANGUAGE sql AS $$
  SELECT pg_notify('skt_catalog', tool_id::text)
$$;--> statement-breakpoint
CREATE FUNCTION skt_catalog_tools_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM skt_notify_catalog(OLD.id);
  ELSIF TG_OP = 'INSERT' THEN
    IF NEW.is_published THEN PERFORM skt_notify_catalog(NEW.id); END IF;
  ELSIF NEW.is_published OR OLD.is_published THEN
    -- A tool that was and stays unpublished is not in the catalog, whatever else changes.
    PERFORM skt_notify_catalog(NEW.id);
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER tools_catalog_changed AFTER INSERT OR DELETE OR UPDATE OF slug, title, summary, is_published, active_version_id
  ON "tools" FOR EACH ROW EXECUTE FUNCTION skt_catalog_tools_changed();--> statement-breakpoint
CREATE FUNCTION skt_catalog_tool_row_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM skt_notify_catalog(OLD.tool_id);
  ELSE
    PERFORM skt_notify_catalog(NEW.tool_id);
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER tool_professions_catalog_changed AFTER INSERT OR DELETE OR UPDATE ON "tool_professions"
  FOR EACH ROW EXECUTE FUNCTION skt_catalog_tool_row_changed();--> statement-breakpoint
CREATE TRIGGER tool_categories_catalog_changed AFTER INSERT OR DELETE OR UPDATE ON "tool_categories"
  FOR EACH ROW EXECUTE FUNCTION skt_catalog_tool_row_changed();--> statement-breakpoint
-- The active version's state (runnable only while 'active') and its instructions (searched) live on the version.
CREATE TRIGGER tool_versions_catalog_changed AFTER UPDATE OF state, usage_instructions ON "tool_versions"
  FOR EACH ROW EXECUTE FUNCTION skt_catalog_tool_row_changed();
--> statement-breakpoint
-- A user's favorites (`skt_favorites`) and a user's account or sessions (`skt_identity`), by user id: processes
-- keep them in memory for the catalog's hot path and drop them at once when they change anywhere.
CREATE FUNCTION skt_notify_user_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'users' THEN
    PERFORM pg_notify(TG_ARGV[0], (CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END)::text);
  ELSE
    PERFORM pg_notify(TG_ARGV[0], (CASE WHEN TG_OP = 'DELETE' THEN OLD.user_id ELSE NEW.user_id END)::text);
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER favorites_changed AFTER INSERT OR DELETE OR UPDATE ON "favorites"
  FOR EACH ROW EXECUTE FUNCTION skt_notify_user_row('skt_favorites');--> statement-breakpoint
CREATE TRIGGER sessions_changed AFTER DELETE OR UPDATE ON "sessions"
  FOR EACH ROW EXECUTE FUNCTION skt_notify_user_row('skt_identity');--> statement-breakpoint
CREATE TRIGGER users_changed AFTER DELETE OR UPDATE ON "users"
  FOR EACH ROW EXECUTE FUNCTION skt_notify_user_row('skt_identity');
