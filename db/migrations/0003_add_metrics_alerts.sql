CREATE TABLE "alert_evaluation_cursors" (
	"name" text PRIMARY KEY NOT NULL,
	"last_minute" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"alert_id" bigint NOT NULL,
	"event" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"not_before" timestamp with time zone NOT NULL,
	"suppressed_reason" text,
	"payload" jsonb NOT NULL,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_rules" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"metric" text NOT NULL,
	"kind" text NOT NULL,
	"direction" text NOT NULL,
	"severity" text NOT NULL,
	"params" jsonb NOT NULL,
	"scopes" text[] DEFAULT ARRAY['provider','overall']::text[] NOT NULL,
	"inhibits_provider" boolean DEFAULT false NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"updated_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_silences" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text DEFAULT 'silence' NOT NULL,
	"matchers" jsonb NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"comment" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"rule_key" text NOT NULL,
	"metric" text NOT NULL,
	"provider" text NOT NULL,
	"severity" text NOT NULL,
	"status" text NOT NULL,
	"fingerprint" text NOT NULL,
	"onset_at" timestamp with time zone NOT NULL,
	"fired_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" text,
	"breach_streak" integer DEFAULT 0 NOT NULL,
	"clear_streak" integer DEFAULT 0 NOT NULL,
	"last_evaluated_minute" timestamp with time zone NOT NULL,
	"last_value" jsonb,
	"impact" jsonb,
	"action_keys" text[] DEFAULT ARRAY[]::text[] NOT NULL,
	"inhibited_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "complaint_counts" (
	"minute" timestamp with time zone NOT NULL,
	"provider" text NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "complaint_counts_pkey" PRIMARY KEY("minute","provider")
);
--> statement-breakpoint
CREATE TABLE "metric_minutes" (
	"minute" timestamp with time zone NOT NULL,
	"provider" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"successes" integer DEFAULT 0 NOT NULL,
	"users" integer DEFAULT 0 NOT NULL,
	"callbacks" integer DEFAULT 0 NOT NULL,
	"callback_failures" integer DEFAULT 0 NOT NULL,
	"callbacks_missing" integer DEFAULT 0 NOT NULL,
	"callback_delay_p_50_ms" bigint,
	"callback_delay_p_95_ms" bigint,
	"amount_minor" bigint DEFAULT 0 NOT NULL,
	"complaints" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "metric_minutes_pkey" PRIMARY KEY("provider","minute")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "alert_notifications_dedupe_key_idx" ON "alert_notifications" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "alert_notifications_pending_idx" ON "alert_notifications" USING btree ("not_before") WHERE "alert_notifications"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "alert_notifications_alert_id_idx" ON "alert_notifications" USING btree ("alert_id");--> statement-breakpoint
CREATE UNIQUE INDEX "alert_rules_key_idx" ON "alert_rules" USING btree ("key");--> statement-breakpoint
CREATE INDEX "alert_silences_ends_at_idx" ON "alert_silences" USING btree ("ends_at");--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_open_fingerprint_idx" ON "alerts" USING btree ("fingerprint") WHERE "alerts"."status" <> 'resolved';--> statement-breakpoint
CREATE INDEX "alerts_status_onset_at_idx" ON "alerts" USING btree ("status","onset_at");--> statement-breakpoint
CREATE INDEX "metric_minutes_minute_idx" ON "metric_minutes" USING btree ("minute");