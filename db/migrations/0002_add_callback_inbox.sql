CREATE TABLE "callback_reject_counters" (
	"source" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"seen" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "callback_reject_counters_pkey" PRIMARY KEY("source","window_start")
);
--> statement-breakpoint
ALTER TABLE "callback_events" ADD COLUMN "body_bytes" integer;--> statement-breakpoint
ALTER TABLE "callback_events" ADD COLUMN "body_sha256" text;--> statement-breakpoint
ALTER TABLE "callback_events" ADD COLUMN "body_truncated" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "callback_events" ADD COLUMN "body_sanitized" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "callback_events" ADD COLUMN "notification" jsonb;--> statement-breakpoint
CREATE INDEX "callback_reject_counters_window_start_idx" ON "callback_reject_counters" USING btree ("window_start");--> statement-breakpoint
CREATE INDEX "callback_events_inbox_idx" ON "callback_events" USING btree ("id") WHERE "callback_events"."verification" = 'verified' and "callback_events"."outcome" = 'received';--> statement-breakpoint
CREATE INDEX "callback_events_waiting_order_no_idx" ON "callback_events" USING btree ("order_no") WHERE "callback_events"."outcome" = 'unknown_order';