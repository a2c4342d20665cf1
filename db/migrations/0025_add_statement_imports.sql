CREATE TABLE "statement_imports" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"business_date" date,
	"file_name" text NOT NULL,
	"file_sha256" text,
	"size_bytes" bigint DEFAULT 0 NOT NULL,
	"source" text NOT NULL,
	"status" text DEFAULT 'processing' NOT NULL,
	"statement_lines" integer DEFAULT 0 NOT NULL,
	"payments" integer DEFAULT 0 NOT NULL,
	"refunds" integer DEFAULT 0 NOT NULL,
	"matched" integer DEFAULT 0 NOT NULL,
	"discrepancies" integer DEFAULT 0 NOT NULL,
	"row_error_count" integer DEFAULT 0 NOT NULL,
	"row_errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"progress_lines" integer DEFAULT 0 NOT NULL,
	"actor_label" text NOT NULL,
	"actor_id" uuid,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"superseded_by_id" bigint,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
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
	"raw" jsonb,
	CONSTRAINT "statement_lines_import_id_line_no_pk" PRIMARY KEY("import_id","line_no")
);
--> statement-breakpoint
CREATE TABLE "statement_mappings" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"provider" text NOT NULL,
	"mapping" jsonb NOT NULL,
	"created_by" uuid,
	"created_by_label" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "statement_imports" ADD CONSTRAINT "statement_imports_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_mappings" ADD CONSTRAINT "statement_mappings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "statement_imports_provider_business_date_completed_idx" ON "statement_imports" USING btree ("provider","business_date") WHERE "statement_imports"."status" = 'completed';--> statement-breakpoint
CREATE INDEX "statement_imports_provider_id_idx" ON "statement_imports" USING btree ("provider","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "statement_imports_processing_idx" ON "statement_imports" USING btree ("started_at") WHERE "statement_imports"."status" = 'processing';--> statement-breakpoint
CREATE INDEX "statement_lines_import_id_provider_transaction_id_idx" ON "statement_lines" USING btree ("import_id","provider_transaction_id");--> statement-breakpoint
CREATE UNIQUE INDEX "statement_mappings_provider_name_idx" ON "statement_mappings" USING btree ("provider","name");--> statement-breakpoint
ALTER TABLE "discrepancies" ADD CONSTRAINT "discrepancies_statement_import_id_statement_imports_id_fk" FOREIGN KEY ("statement_import_id") REFERENCES "public"."statement_imports"("id") ON DELETE restrict ON UPDATE no action;