-- Other processes hear of runs from the statements that change them: a queued run wakes idle workers
-- (`skt_runs_queued`, payload the writer's origin) and a changed status reaches event streams
-- (`skt_run_events`, JSON {runId, status, origin}), delivered at commit, so neither costs a statement and round trip
-- of its own nor can a change commit without its notification. Only connections of Skriptoteket's PostgreSQL pools
-- notify (their application_name is `skriptoteket:<origin>`, one origin per process, by which a process ignores its
-- own notifications); embedded PGlite has no other process to tell.
CREATE FUNCTION skt_runs_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  origin text := current_setting('application_name', true);
BEGIN
  IF origin IS NULL OR origin NOT LIKE 'skriptoteket:%' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF NEW.status = 'queued' THEN
      PERFORM pg_notify('skt_runs_queued', origin);
    END IF;
  ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
    PERFORM pg_notify('skt_run_events',
      json_build_object('runId', NEW.id, 'status', NEW.status, 'origin', origin)::text);
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER runs_changed AFTER INSERT OR UPDATE OF status ON "runs"
  FOR EACH ROW EXECUTE FUNCTION skt_runs_changed();
