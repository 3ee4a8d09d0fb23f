CREATE TABLE "categories" (
	"slug" text PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"sort_order" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "professions" (
	"slug" text PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"sort_order" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tool_categories" (
	"tool_id" uuid NOT NULL,
	"category_slug" text NOT NULL,
	CONSTRAINT "tool_categories_tool_id_category_slug_pk" PRIMARY KEY("tool_id","category_slug")
);
--> statement-breakpoint
CREATE TABLE "tool_locks" (
	"tool_id" uuid PRIMARY KEY NOT NULL,
	"holder_id" uuid NOT NULL,
	"acquired_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tool_maintainers" (
	"tool_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	CONSTRAINT "tool_maintainers_tool_id_user_id_pk" PRIMARY KEY("tool_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "tool_professions" (
	"tool_id" uuid NOT NULL,
	"profession_slug" text NOT NULL,
	CONSTRAINT "tool_professions_tool_id_profession_slug_pk" PRIMARY KEY("tool_id","profession_slug")
);
--> statement-breakpoint
CREATE TABLE "tool_versions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tool_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"state" text NOT NULL,
	"source_code" text NOT NULL,
	"entrypoint" text NOT NULL,
	"input_schema" jsonb NOT NULL,
	"settings_schema" jsonb NOT NULL,
	"usage_instructions" text NOT NULL,
	"content_hash" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone,
	"submit_note" text,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"review_message" text,
	"published_by" uuid,
	"published_at" timestamp with time zone,
	"change_summary" text,
	"derived_from_version_id" uuid,
	CONSTRAINT "tool_versions_state_check" CHECK ("tool_versions"."state" in ('draft', 'in_review', 'active', 'archived'))
);
--> statement-breakpoint
CREATE TABLE "tools" (
	"id" uuid PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"is_published" boolean DEFAULT false NOT NULL,
	"first_published_at" timestamp with time zone,
	"active_version_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "tools_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tool_id" uuid,
	"actor_id" uuid NOT NULL,
	"action" text NOT NULL,
	"details" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tool_categories" ADD CONSTRAINT "tool_categories_tool_id_tools_id_fk" FOREIGN KEY ("tool_id") REFERENCES "public"."tools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tool_categories" ADD CONSTRAINT "tool_categories_category_slug_categories_slug_fk" FOREIGN KEY ("category_slug") REFERENCES "public"."categories"("slug") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "tool_locks" ADD CONSTRAINT "tool_locks_tool_id_tools_id_fk" FOREIGN KEY ("tool_id") REFERENCES "public"."tools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tool_locks" ADD CONSTRAINT "tool_locks_holder_id_users_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tool_maintainers" ADD CONSTRAINT "tool_maintainers_tool_id_tools_id_fk" FOREIGN KEY ("tool_id") REFERENCES "public"."tools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tool_maintainers" ADD CONSTRAINT "tool_maintainers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tool_professions" ADD CONSTRAINT "tool_professions_tool_id_tools_id_fk" FOREIGN KEY ("tool_id") REFERENCES "public"."tools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tool_professions" ADD CONSTRAINT "tool_professions_profession_slug_professions_slug_fk" FOREIGN KEY ("profession_slug") REFERENCES "public"."professions"("slug") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "tool_versions" ADD CONSTRAINT "tool_versions_tool_id_tools_id_fk" FOREIGN KEY ("tool_id") REFERENCES "public"."tools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tool_versions" ADD CONSTRAINT "tool_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tool_versions" ADD CONSTRAINT "tool_versions_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tool_versions" ADD CONSTRAINT "tool_versions_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tool_versions" ADD CONSTRAINT "tool_versions_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tools" ADD CONSTRAINT "tools_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tools" ADD CONSTRAINT "tools_active_version_id_tool_versions_id_fk" FOREIGN KEY ("active_version_id") REFERENCES "public"."tool_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_tool_id_tools_id_fk" FOREIGN KEY ("tool_id") REFERENCES "public"."tools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tool_maintainers_user_idx" ON "tool_maintainers" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tool_versions_number_unique" ON "tool_versions" USING btree ("tool_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "tool_versions_one_active" ON "tool_versions" USING btree ("tool_id") WHERE "tool_versions"."state" = 'active';--> statement-breakpoint
CREATE INDEX "tool_versions_review_idx" ON "tool_versions" USING btree ("state","submitted_at");--> statement-breakpoint
CREATE INDEX "audit_events_tool_idx" ON "audit_events" USING btree ("tool_id","id");--> statement-breakpoint
CREATE INDEX "audit_events_created_idx" ON "audit_events" USING btree ("created_at");--> statement-breakpoint
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only';
END;
$$;--> statement-breakpoint
CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();--> statement-breakpoint
INSERT INTO "professions" ("slug", "label", "sort_order") VALUES
  ('larare', 'Lärare', 10),
  ('specialpedagog', 'Specialpedagog', 20),
  ('skoladministrator', 'Skoladministratör', 30),
  ('rektor', 'Rektor', 40),
  ('gemensamt', 'Gemensamt', 50);--> statement-breakpoint
INSERT INTO "categories" ("slug", "label", "sort_order") VALUES
  ('lektionsplanering', 'Lektionsplanering', 10),
  ('mentorskap', 'Mentorskap', 20),
  ('administration', 'Administration', 30),
  ('ovrigt', 'Övrigt', 40);
