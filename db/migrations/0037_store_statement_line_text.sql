ALTER TABLE "statement_imports" ADD COLUMN "format" jsonb;--> statement-breakpoint
ALTER TABLE "statement_imports" ADD COLUMN "raw_header" jsonb;--> statement-breakpoint
ALTER TABLE "statement_lines" ADD COLUMN "raw_text" text;