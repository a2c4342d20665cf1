DROP INDEX "alert_deliveries_channel_sent_at_idx";--> statement-breakpoint
ALTER TABLE "alert_deliveries" ADD COLUMN "last_attempt_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "alert_deliveries_channel_last_attempt_at_idx" ON "alert_deliveries" USING btree ("channel","last_attempt_at");