CREATE TABLE "tool_samples" (
	"tool_id" uuid NOT NULL,
	"name" text NOT NULL,
	"bytes" integer NOT NULL,
	"content" "bytea" NOT NULL,
	CONSTRAINT "tool_samples_tool_id_name_pk" PRIMARY KEY("tool_id","name")
);
--> statement-breakpoint
ALTER TABLE "tool_samples" ADD CONSTRAINT "tool_samples_tool_id_tools_id_fk" FOREIGN KEY ("tool_id") REFERENCES "public"."tools"("id") ON DELETE cascade ON UPDATE no action;