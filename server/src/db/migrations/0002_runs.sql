CREATE TABLE "run_artifacts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"run_id" uuid NOT NULL,
	"path" text NOT NULL,
	"bytes" bigint NOT NULL,
	"storage_key" text NOT NULL,
	"content_type" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tool_id" uuid NOT NULL,
	"version_id" uuid,
	"kind" text NOT NULL,
	"requested_by" uuid NOT NULL,
	"status" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"session_context" text DEFAULT 'default' NOT NULL,
	"parent_run_id" uuid,
	"action_id" text,
	"inputs" jsonb NOT NULL,
	"input_files" jsonb NOT NULL,
	"snapshot" jsonb,
	"ui_payload" jsonb,
	"error_summary" text,
	"stdout" text,
	"stderr" text,
	"is_stdout_truncated" boolean DEFAULT false NOT NULL,
	"is_stderr_truncated" boolean DEFAULT false NOT NULL,
	"duration_ms" integer,
	"attempt" integer DEFAULT 0 NOT NULL,
	"worker_id" text,
	"lease_expires_at" timestamp with time zone,
	"files_expired_at" timestamp with time zone,
	CONSTRAINT "runs_status_check" CHECK ("runs"."status" in ('queued', 'running', 'succeeded', 'failed', 'timed_out', 'cancelled')),
	CONSTRAINT "runs_kind_check" CHECK ("runs"."kind" in ('production', 'test'))
);
--> statement-breakpoint
CREATE TABLE "session_files" (
	"tool_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"context" text NOT NULL,
	"name" text NOT NULL,
	"bytes" bigint NOT NULL,
	"storage_key" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_used_at" timestamp with time zone NOT NULL,
	CONSTRAINT "session_files_tool_id_user_id_context_name_pk" PRIMARY KEY("tool_id","user_id","context","name")
);
--> statement-breakpoint
CREATE TABLE "tool_sessions" (
	"tool_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"context" text NOT NULL,
	"state" jsonb NOT NULL,
	"state_rev" integer DEFAULT 0 NOT NULL,
	"offering_run_id" uuid,
	"offered_actions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "tool_sessions_tool_id_user_id_context_pk" PRIMARY KEY("tool_id","user_id","context")
);
--> statement-breakpoint
CREATE TABLE "tool_settings" (
	"tool_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"schema_hash" text NOT NULL,
	"values" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "tool_settings_tool_id_user_id_schema_hash_pk" PRIMARY KEY("tool_id","user_id","schema_hash")
);
--> statement-breakpoint
ALTER TABLE "run_artifacts" ADD CONSTRAINT "run_artifacts_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_tool_id_tools_id_fk" FOREIGN KEY ("tool_id") REFERENCES "public"."tools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_version_id_tool_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."tool_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_files" ADD CONSTRAINT "session_files_tool_id_tools_id_fk" FOREIGN KEY ("tool_id") REFERENCES "public"."tools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_files" ADD CONSTRAINT "session_files_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tool_sessions" ADD CONSTRAINT "tool_sessions_tool_id_tools_id_fk" FOREIGN KEY ("tool_id") REFERENCES "public"."tools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tool_sessions" ADD CONSTRAINT "tool_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tool_settings" ADD CONSTRAINT "tool_settings_tool_id_tools_id_fk" FOREIGN KEY ("tool_id") REFERENCES "public"."tools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tool_settings" ADD CONSTRAINT "tool_settings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "run_artifacts_run_idx" ON "run_artifacts" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "runs_user_idx" ON "runs" USING btree ("requested_by","requested_at");--> statement-breakpoint
CREATE INDEX "runs_status_idx" ON "runs" USING btree ("status");--> statement-breakpoint
CREATE INDEX "runs_tool_user_idx" ON "runs" USING btree ("tool_id","requested_by","requested_at");--> statement-breakpoint
CREATE INDEX "session_files_used_idx" ON "session_files" USING btree ("last_used_at");