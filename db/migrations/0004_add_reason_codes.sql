ALTER TABLE "callback_events" ADD COLUMN "reject_reason_coded" jsonb;--> statement-breakpoint
ALTER TABLE "callback_events" ADD COLUMN "outcome_detail_coded" jsonb;--> statement-breakpoint
ALTER TABLE "discrepancies" ADD COLUMN "detail_coded" jsonb;--> statement-breakpoint
ALTER TABLE "job_attempts" ADD COLUMN "error_coded" jsonb;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "last_error_coded" jsonb;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "close_reason_coded" jsonb;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "review_reason_coded" jsonb;