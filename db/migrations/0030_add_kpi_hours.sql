CREATE TABLE "kpi_hour_counts" (
	"hour" timestamp with time zone NOT NULL,
	"provider" text NOT NULL,
	"dimension" text NOT NULL,
	"key" text NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	"amount_minor" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpi_hour_counts_pkey" PRIMARY KEY("provider","dimension","hour","key")
);
--> statement-breakpoint
CREATE TABLE "kpi_hours" (
	"hour" timestamp with time zone NOT NULL,
	"provider" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"successes" integer DEFAULT 0 NOT NULL,
	"amount_minor" bigint DEFAULT 0 NOT NULL,
	"callbacks" integer DEFAULT 0 NOT NULL,
	"callback_failures" integer DEFAULT 0 NOT NULL,
	"fixed_by_query" integer DEFAULT 0 NOT NULL,
	"callback_delay_hist" integer[] DEFAULT '{}' NOT NULL,
	"complaints" integer DEFAULT 0 NOT NULL,
	"tickets_opened" integer DEFAULT 0 NOT NULL,
	"tickets_resolved" integer DEFAULT 0 NOT NULL,
	"tickets_backlog" integer DEFAULT 0 NOT NULL,
	"sla_breaches" integer DEFAULT 0 NOT NULL,
	"first_response_hist" integer[] DEFAULT '{}' NOT NULL,
	"handle_hist" integer[] DEFAULT '{}' NOT NULL,
	"fcr_known" integer DEFAULT 0 NOT NULL,
	"fcr_yes" integer DEFAULT 0 NOT NULL,
	"refunds_instant" integer DEFAULT 0 NOT NULL,
	"refunds_instant_minor" bigint DEFAULT 0 NOT NULL,
	"refunds_approved" integer DEFAULT 0 NOT NULL,
	"refunds_approved_minor" bigint DEFAULT 0 NOT NULL,
	"discrepancies_found" integer DEFAULT 0 NOT NULL,
	"discrepancies_auto" integer DEFAULT 0 NOT NULL,
	"discrepancies_manual" integer DEFAULT 0 NOT NULL,
	"discrepancy_resolve_hist" integer[] DEFAULT '{}' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpi_hours_pkey" PRIMARY KEY("provider","hour")
);
--> statement-breakpoint
ALTER TABLE "metric_minutes" ADD COLUMN "callback_delay_hist" integer[];--> statement-breakpoint
ALTER TABLE "metric_minutes" ADD COLUMN "fixed_by_query" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "kpi_hour_counts_hour_idx" ON "kpi_hour_counts" USING btree ("hour");--> statement-breakpoint
CREATE INDEX "kpi_hours_hour_idx" ON "kpi_hours" USING btree ("hour");