-- Issue 10 defaults (lib/refunds.ts DEFAULT_REFUND_LIMITS): agent ¥50 / ¥500 a day, senior agent ¥500 / ¥5,000,
-- finance ¥50,000 / unlimited, admin unlimited. NULL = unlimited. Admins change them on /refunds/limits.
INSERT INTO "refund_limits" ("role", "single_max_minor", "daily_max_minor", "currency", "updated_by") VALUES
  ('agent', 5000, 50000, 'CNY', 'system:migration'),
  ('senior_agent', 50000, 500000, 'CNY', 'system:migration'),
  ('finance', 5000000, NULL, 'CNY', 'system:migration'),
  ('admin', NULL, NULL, 'CNY', 'system:migration')
ON CONFLICT ("role") DO NOTHING;
