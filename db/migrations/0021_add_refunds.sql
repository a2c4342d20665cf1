CREATE TABLE "refund_limits" (
	"role" text PRIMARY KEY NOT NULL,
	"single_max_minor" bigint,
	"daily_max_minor" bigint,
	"currency" char(3) DEFAULT 'CNY' NOT NULL,
	"updated_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "refunds" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"refund_no" text NOT NULL,
	"order_id" uuid NOT NULL,
	"order_no" text NOT NULL,
	"provider" text NOT NULL,
	"user_id" text NOT NULL,
	"user_phone" text,
	"kind" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"reason_code" text NOT NULL,
	"note" text,
	"ticket_id" bigint,
	"status" text NOT NULL,
	"flags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"requested_by" text NOT NULL,
	"requested_by_label" text NOT NULL,
	"requested_by_role" text,
	"decided_by" text,
	"decided_by_label" text,
	"decided_at" timestamp with time zone,
	"decision_reason" text,
	"provider_refund_id" text,
	"provider_status" text,
	"last_error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"sent_at" timestamp with time zone,
	"succeeded_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	"arrival_by" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "refunds_refund_no_idx" ON "refunds" USING btree ("refund_no");--> statement-breakpoint
CREATE INDEX "refunds_order_id_idx" ON "refunds" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "refunds_requested_by_created_at_idx" ON "refunds" USING btree ("requested_by","created_at");--> statement-breakpoint
CREATE INDEX "refunds_user_id_created_at_idx" ON "refunds" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "refunds_user_phone_created_at_idx" ON "refunds" USING btree ("user_phone","created_at");--> statement-breakpoint
CREATE INDEX "refunds_status_created_at_id_idx" ON "refunds" USING btree ("status","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "refunds_created_at_id_idx" ON "refunds" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "refunds_pending_approval_idx" ON "refunds" USING btree ("created_at") WHERE "refunds"."status" = 'pending_approval';