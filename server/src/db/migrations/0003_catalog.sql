CREATE TABLE "favorites" (
	"user_id" uuid NOT NULL,
	"tool_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "favorites_user_id_tool_id_pk" PRIMARY KEY("user_id","tool_id")
);
--> statement-breakpoint
CREATE TABLE "instruction_reads" (
	"user_id" uuid NOT NULL,
	"tool_id" uuid NOT NULL,
	"instructions_hash" text NOT NULL,
	"read_at" timestamp with time zone NOT NULL,
	CONSTRAINT "instruction_reads_user_id_tool_id_pk" PRIMARY KEY("user_id","tool_id")
);
--> statement-breakpoint
ALTER TABLE "favorites" ADD CONSTRAINT "favorites_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "favorites" ADD CONSTRAINT "favorites_tool_id_tools_id_fk" FOREIGN KEY ("tool_id") REFERENCES "public"."tools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instruction_reads" ADD CONSTRAINT "instruction_reads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instruction_reads" ADD CONSTRAINT "instruction_reads_tool_id_tools_id_fk" FOREIGN KEY ("tool_id") REFERENCES "public"."tools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "favorites_tool_idx" ON "favorites" USING btree ("tool_id");--> statement-breakpoint
-- Catalog search: Swedish full-text over title (A), summary (B) and the active version's instructions (C), with
-- å/ä/ö and other accents folded on both sides so "skoladministrator" finds "skoladministratör". Kept current by
-- triggers, so every code path that changes a tool or its active version updates it.
CREATE FUNCTION skt_fold(input text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT translate(lower(coalesce(input, '')), 'åäöæøéèêëüáàíóú', 'aaoaoeeeeuaaiou')
$$;--> statement-breakpoint
ALTER TABLE "tools" ADD COLUMN "search_vector" tsvector NOT NULL DEFAULT ''::tsvector;--> statement-breakpoint
CREATE INDEX "tools_search_idx" ON "tools" USING gin ("search_vector");--> statement-breakpoint
CREATE FUNCTION skt_tool_search_vector(t tools) RETURNS tsvector LANGUAGE sql STABLE AS $$
  SELECT setweight(to_tsvector('swedish', skt_fold(t.title)), 'A')
      || setweight(to_tsvector('swedish', skt_fold(t.summary)), 'B')
      || setweight(to_tsvector('swedish', skt_fold(coalesce(
           (SELECT v.usage_instructions FROM tool_versions v WHERE v.id = t.active_version_id), ''))), 'C')
$$;--> statement-breakpoint
CREATE FUNCTION skt_tools_search_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector := skt_tool_search_vector(NEW);
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER tools_search_refresh BEFORE INSERT OR UPDATE OF title, summary, active_version_id ON "tools"
  FOR EACH ROW EXECUTE FUNCTION skt_tools_search_trigger();--> statement-breakpoint
UPDATE "tools" SET "search_vector" = skt_tool_search_vector("tools");
--> statement-breakpoint
CREATE INDEX "tools_listing_idx" ON "tools" (lower("title"), "id") WHERE "is_published";
