CREATE TABLE "status_components" (
	"key" text PRIMARY KEY NOT NULL,
	"name" jsonb NOT NULL,
	"providers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"position" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "status_notice_updates" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"notice_id" bigint NOT NULL,
	"status" text NOT NULL,
	"body" jsonb NOT NULL,
	"components" jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "status_notices" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"incident_id" bigint,
	"kind" text NOT NULL,
	"severity" text NOT NULL,
	"status" text NOT NULL,
	"title" jsonb NOT NULL,
	"body" jsonb NOT NULL,
	"components" jsonb NOT NULL,
	"automatic" boolean DEFAULT false NOT NULL,
	"template_key" text,
	"scheduled_for" timestamp with time zone,
	"scheduled_until" timestamp with time zone,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "status_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"auto_publish" boolean DEFAULT false NOT NULL,
	"updated_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "status_settings_singleton" CHECK ("status_settings"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE "status_notice_updates" ADD CONSTRAINT "status_notice_updates_notice_id_status_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."status_notices"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_notices" ADD CONSTRAINT "status_notices_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "status_notice_updates_notice_id_at_idx" ON "status_notice_updates" USING btree ("notice_id","at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "status_notices_incident_id_automatic_idx" ON "status_notices" USING btree ("incident_id") WHERE "status_notices"."automatic";--> statement-breakpoint
CREATE INDEX "status_notices_started_at_id_idx" ON "status_notices" USING btree ("started_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "status_notices_open_idx" ON "status_notices" USING btree ("started_at") WHERE "status_notices"."resolved_at" is null;