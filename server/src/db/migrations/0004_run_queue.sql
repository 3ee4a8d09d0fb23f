ALTER TABLE "runs" ADD COLUMN "error_code" text;--> statement-breakpoint
CREATE INDEX "runs_queued_idx" ON "runs" USING btree ("requested_at","id") WHERE "runs"."status" = 'queued';--> statement-breakpoint
-- Runs are queued in the runs table itself now; the job queue library's schema is no longer used.
DROP SCHEMA IF EXISTS "pgboss" CASCADE;
