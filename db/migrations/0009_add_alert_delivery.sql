CREATE TABLE "alert_contacts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"locale" text DEFAULT 'zh-CN' NOT NULL,
	"phone" text,
	"email" text,
	"enabled" boolean DEFAULT true NOT NULL,
	"escalation_order" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"notification_id" bigint,
	"alert_id" bigint,
	"event" text NOT NULL,
	"channel" text NOT NULL,
	"target" text NOT NULL,
	"contact_id" bigint,
	"locale" text DEFAULT 'zh-CN' NOT NULL,
	"idempotency_key" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"uncertain" boolean DEFAULT false NOT NULL,
	"last_error" text,
	"provider_message_id" text,
	"grouped_into" bigint,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_routes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"severities" text[] DEFAULT ARRAY[]::text[] NOT NULL,
	"metrics" text[] DEFAULT ARRAY[]::text[] NOT NULL,
	"roles" text[] DEFAULT ARRAY[]::text[] NOT NULL,
	"channels" text[] DEFAULT ARRAY[]::text[] NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "alert_contacts_role_idx" ON "alert_contacts" USING btree ("role","escalation_order");--> statement-breakpoint
CREATE UNIQUE INDEX "alert_deliveries_idempotency_key_idx" ON "alert_deliveries" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "alert_deliveries_due_idx" ON "alert_deliveries" USING btree ("next_attempt_at") WHERE "alert_deliveries"."status" in ('pending', 'retrying', 'rate_limited');--> statement-breakpoint
CREATE INDEX "alert_deliveries_alert_id_idx" ON "alert_deliveries" USING btree ("alert_id","id");--> statement-breakpoint
CREATE INDEX "alert_deliveries_channel_sent_at_idx" ON "alert_deliveries" USING btree ("channel","sent_at");