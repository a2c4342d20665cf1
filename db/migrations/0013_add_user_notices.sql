CREATE TABLE "user_notice_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"notice_id" bigint,
	"channel" text NOT NULL,
	"target_masked" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"uncertain" boolean DEFAULT false NOT NULL,
	"last_error_code" text,
	"last_error" text,
	"provider_message_id" text,
	"text" text NOT NULL,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_notice_opt_outs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" text,
	"phone_hash" text,
	"phone_masked" text,
	"source" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_notice_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"notice_after_ms" bigint,
	"quiet_start" text DEFAULT '21:00' NOT NULL,
	"quiet_end" text DEFAULT '09:00' NOT NULL,
	"rate_per_day" integer DEFAULT 3 NOT NULL,
	"channels" text[] DEFAULT ARRAY['sms','push']::text[] NOT NULL,
	"auto_detect" boolean DEFAULT true NOT NULL,
	"updated_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_notice_templates" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"template_key" text NOT NULL,
	"channel" text NOT NULL,
	"locale" text NOT NULL,
	"body" text NOT NULL,
	"updated_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_notices" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"order_no" text NOT NULL,
	"user_id" text NOT NULL,
	"situation" text NOT NULL,
	"kind" text DEFAULT 'initial' NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"skip_reason" text,
	"locale" text DEFAULT 'zh-CN' NOT NULL,
	"incident_id" bigint,
	"created_by" text NOT NULL,
	"due_at" timestamp with time zone DEFAULT now() NOT NULL,
	"facts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "user_notice_deliveries" ADD CONSTRAINT "user_notice_deliveries_notice_id_user_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."user_notices"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_notices" ADD CONSTRAINT "user_notices_order_no_orders_order_no_fk" FOREIGN KEY ("order_no") REFERENCES "public"."orders"("order_no") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_notices" ADD CONSTRAINT "user_notices_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "user_notice_deliveries_idempotency_key_idx" ON "user_notice_deliveries" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "user_notice_deliveries_notice_id_idx" ON "user_notice_deliveries" USING btree ("notice_id");--> statement-breakpoint
CREATE INDEX "user_notice_deliveries_created_at_id_idx" ON "user_notice_deliveries" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "user_notice_opt_outs_user_id_idx" ON "user_notice_opt_outs" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "user_notice_opt_outs_phone_hash_idx" ON "user_notice_opt_outs" USING btree ("phone_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "user_notice_templates_key_channel_locale_idx" ON "user_notice_templates" USING btree ("template_key","channel","locale");--> statement-breakpoint
CREATE UNIQUE INDEX "user_notices_order_no_situation_kind_idx" ON "user_notices" USING btree ("order_no","situation","kind");--> statement-breakpoint
CREATE INDEX "user_notices_user_id_created_at_idx" ON "user_notices" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "user_notices_created_at_id_idx" ON "user_notices" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "user_notices_sent_initial_idx" ON "user_notices" USING btree ("order_no") WHERE "user_notices"."kind" = 'initial' AND "user_notices"."status" = 'sent';