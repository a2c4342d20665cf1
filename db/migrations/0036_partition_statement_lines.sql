-- One partition of statement_lines per import (docs/adr/0008-statement-line-partitions.md).
-- An import loads its lines into a table of its own with no index, builds the indexes once the file is in
-- (a sort, not a million index inserts), and attaches it; a failed, crashed or unchanged import is dropped
-- whole instead of deleted row by row. Lines of earlier imports move into partitions of their own here.
ALTER TABLE "statement_lines" RENAME TO "statement_lines_unpartitioned";--> statement-breakpoint
ALTER TABLE "statement_lines_unpartitioned" RENAME CONSTRAINT "statement_lines_import_id_line_no_pk" TO "statement_lines_unpartitioned_pk";--> statement-breakpoint
ALTER INDEX "statement_lines_import_id_provider_transaction_id_idx" RENAME TO "statement_lines_unpartitioned_ptid_idx";--> statement-breakpoint
CREATE TABLE "statement_lines" (
	"import_id" bigint NOT NULL,
	"line_no" integer NOT NULL,
	"kind" text NOT NULL,
	"provider_transaction_id" text NOT NULL,
	"order_no" text,
	"refund_no" text,
	"provider_refund_id" text,
	"amount_minor" bigint NOT NULL,
	"fee_minor" bigint,
	"currency" char(3) NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"success" boolean DEFAULT true NOT NULL,
	"match" text DEFAULT 'pending' NOT NULL,
	"raw" json,
	CONSTRAINT "statement_lines_import_id_line_no_pk" PRIMARY KEY("import_id","line_no")
) PARTITION BY LIST ("import_id");--> statement-breakpoint
CREATE INDEX "statement_lines_import_id_provider_transaction_id_idx" ON "statement_lines" USING btree ("import_id","provider_transaction_id");--> statement-breakpoint
DO $$
DECLARE
	i bigint;
BEGIN
	FOR i IN SELECT DISTINCT "import_id" FROM "statement_lines_unpartitioned" ORDER BY 1 LOOP
		EXECUTE format('CREATE TABLE %I PARTITION OF "statement_lines" FOR VALUES IN (%s)', 'statement_lines_p' || i, i);
		EXECUTE format('INSERT INTO %I SELECT * FROM "statement_lines_unpartitioned" WHERE "import_id" = %s', 'statement_lines_p' || i, i);
	END LOOP;
END $$;--> statement-breakpoint
DROP TABLE "statement_lines_unpartitioned";
