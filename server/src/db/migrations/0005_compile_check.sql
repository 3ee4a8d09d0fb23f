ALTER TABLE "tool_versions" ADD COLUMN "compile_error" jsonb;--> statement-breakpoint
ALTER TABLE "tool_versions" ADD COLUMN "compile_checked_at" timestamp with time zone;