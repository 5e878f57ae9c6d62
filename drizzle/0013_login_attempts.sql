CREATE TABLE "login_attempts" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"failures" integer NOT NULL,
	"last_failure_at" timestamp (3) with time zone NOT NULL,
	"locked_until" timestamp (3) with time zone,
	CONSTRAINT "login_attempts_pk" PRIMARY KEY("scope","key"),
	CONSTRAINT "login_attempts_scope_check" CHECK ("login_attempts"."scope" in ('ACCOUNT', 'ADDRESS')),
	CONSTRAINT "login_attempts_failures_check" CHECK ("login_attempts"."failures" >= 0)
);
--> statement-breakpoint
CREATE INDEX "login_attempts_last_failure_idx" ON "login_attempts" USING btree ("last_failure_at");