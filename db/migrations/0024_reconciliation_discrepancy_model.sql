ALTER TABLE "discrepancies" ALTER COLUMN "order_no" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "discrepancies" ADD COLUMN "source" text DEFAULT 'realtime' NOT NULL;--> statement-breakpoint
ALTER TABLE "discrepancies" ADD COLUMN "statement_import_id" bigint;--> statement-breakpoint
ALTER TABLE "discrepancies" ADD COLUMN "statement_line_no" integer;--> statement-breakpoint
ALTER TABLE "discrepancies" ADD COLUMN "business_date" date;--> statement-breakpoint
ALTER TABLE "discrepancies" ADD COLUMN "difference_minor" bigint;--> statement-breakpoint
ALTER TABLE "discrepancies" ADD COLUMN "grace_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "discrepancies" ADD COLUMN "assignee_id" uuid;--> statement-breakpoint
ALTER TABLE "discrepancies" ADD COLUMN "repair_rule" text;--> statement-breakpoint
ALTER TABLE "discrepancies" ADD CONSTRAINT "discrepancies_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "discrepancies_business_date_provider_idx" ON "discrepancies" USING btree ("business_date","provider");