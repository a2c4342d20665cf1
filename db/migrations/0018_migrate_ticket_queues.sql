-- Issue 10 queues replace issue 9's three: payment questions go to first-line CS, refunds and double charges
-- to finance, anything else to first-line CS. The type follows what the self-service lookup told the user.
UPDATE "tickets" SET "queue" = CASE "queue" WHEN 'refunds' THEN 'finance' ELSE 'cs_l1' END WHERE "queue" IN ('payments', 'refunds', 'general');--> statement-breakpoint
UPDATE "tickets" SET "type" = CASE "situation"
  WHEN 'charged_twice' THEN 'charged_twice'
  WHEN 'refund_pending' THEN 'refund'
  WHEN 'not_paid' THEN 'failed_but_deducted'
  WHEN 'closed' THEN 'failed_but_deducted'
  WHEN 'processing' THEN 'paid_not_updated'
  WHEN 'done' THEN 'paid_not_updated'
  ELSE 'other' END;
