DROP INDEX "audit_logs_entity_type_entity_id_idx";--> statement-breakpoint
DROP INDEX "audit_logs_created_at_idx";--> statement-breakpoint
DROP INDEX "discrepancies_open_detected_at_idx";--> statement-breakpoint
DROP INDEX "jobs_status_type_updated_at_idx";--> statement-breakpoint
DROP INDEX "orders_status_created_at_idx";--> statement-breakpoint
CREATE INDEX "audit_logs_entity_type_entity_id_created_at_id_idx" ON "audit_logs" USING btree ("entity_type","entity_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_logs_created_at_id_idx" ON "audit_logs" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_logs_actor_label_created_at_id_idx" ON "audit_logs" USING btree ("actor_label","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "callback_events_outcome_id_idx" ON "callback_events" USING btree ("outcome","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "callback_events_problem_id_idx" ON "callback_events" USING btree ("id" DESC NULLS LAST) WHERE "callback_events"."outcome" in ('unknown_order', 'rejected', 'malformed', 'error', 'received');--> statement-breakpoint
CREATE INDEX "discrepancies_status_risk_rank_detected_at_id_idx" ON "discrepancies" USING btree ("status",(case "risk" when 'high' then 2 when 'medium' then 1 else 0 end) desc,"detected_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "jobs_status_id_idx" ON "jobs" USING btree ("status","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "jobs_type_status_id_idx" ON "jobs" USING btree ("type","status","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "orders_created_at_id_idx" ON "orders" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "orders_status_created_at_id_idx" ON "orders" USING btree ("status","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "orders_provider_created_at_id_idx" ON "orders" USING btree ("provider","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "orders_needs_review_created_at_id_idx" ON "orders" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "orders"."needs_review";