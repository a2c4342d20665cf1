CREATE TABLE "agent_profiles" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"skills" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"availability" text DEFAULT 'away' NOT NULL,
	"capacity" integer DEFAULT 10 NOT NULL,
	"last_assigned_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_business_hours" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"time_zone" text DEFAULT 'Asia/Shanghai' NOT NULL,
	"start_minute" integer DEFAULT 540 NOT NULL,
	"end_minute" integer DEFAULT 1260 NOT NULL,
	"weekdays" jsonb DEFAULT '[1,2,3,4,5,6,7]'::jsonb NOT NULL,
	"updated_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ticket_business_hours_singleton" CHECK ("ticket_business_hours"."id" = 1),
	CONSTRAINT "ticket_business_hours_window" CHECK ("ticket_business_hours"."start_minute" >= 0 and "ticket_business_hours"."start_minute" < "ticket_business_hours"."end_minute" and "ticket_business_hours"."end_minute" <= 1440)
);
--> statement-breakpoint
CREATE TABLE "ticket_queues" (
	"key" text PRIMARY KEY NOT NULL,
	"sla_targets" jsonb NOT NULL,
	"updated_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vip_customers" (
	"user_id" text PRIMARY KEY NOT NULL,
	"note" text,
	"added_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "tickets_open_self_service_order_no_idx";--> statement-breakpoint
DROP INDEX "tickets_assignee_id_created_at_idx";--> statement-breakpoint
ALTER TABLE "tickets" ALTER COLUMN "queue" SET DEFAULT 'cs_l1';--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "type" text DEFAULT 'other' NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "first_response_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "resolution_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "sla_paused_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "sla_state" text DEFAULT 'ok' NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "merged_into_id" bigint;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "agent_reply_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "reopen_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "pending_seconds" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "first_contact_resolution" boolean;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "handle_seconds" integer;--> statement-breakpoint
ALTER TABLE "agent_profiles" ADD CONSTRAINT "agent_profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_merged_into_id_tickets_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."tickets"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tickets_queue_status_created_at_id_idx" ON "tickets" USING btree ("queue","status","created_at","id");--> statement-breakpoint
CREATE INDEX "tickets_unassigned_created_at_idx" ON "tickets" USING btree ("created_at","id") WHERE "tickets"."assignee_id" is null and "tickets"."status" in ('new', 'open');--> statement-breakpoint
CREATE INDEX "tickets_sla_due_idx" ON "tickets" USING btree ("resolution_due_at") WHERE "tickets"."status" in ('new', 'open', 'pending_approval');--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_open_self_service_order_no_idx" ON "tickets" USING btree ("order_no") WHERE "tickets"."source" = 'self_service' and "tickets"."status" in ('new', 'open', 'pending', 'pending_approval');--> statement-breakpoint
CREATE INDEX "tickets_assignee_id_created_at_idx" ON "tickets" USING btree ("assignee_id","created_at" DESC NULLS LAST) WHERE "tickets"."status" in ('new', 'open', 'pending', 'pending_approval');