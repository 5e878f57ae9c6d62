CREATE TABLE "proposal_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"department" text NOT NULL,
	"reviewer_id" uuid NOT NULL,
	"requested_by_id" uuid NOT NULL,
	"requested_at" timestamp (3) with time zone NOT NULL,
	"verdict" text,
	"comments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"submitted_at" timestamp (3) with time zone,
	CONSTRAINT "proposal_reviews_version_department_key" UNIQUE("version_id","department"),
	CONSTRAINT "proposal_reviews_department_check" CHECK ("proposal_reviews"."department" in ('TECHNICAL', 'FINANCE', 'LEGAL', 'DELIVERY')),
	CONSTRAINT "proposal_reviews_verdict_check" CHECK ("proposal_reviews"."verdict" in ('APPROVE', 'REQUEST_CHANGES')),
	CONSTRAINT "proposal_reviews_submitted_check" CHECK (("proposal_reviews"."verdict" is null) = ("proposal_reviews"."submitted_at" is null))
);
--> statement-breakpoint
ALTER TABLE "proposal_reviews" ADD CONSTRAINT "proposal_reviews_version_id_proposal_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."proposal_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_reviews" ADD CONSTRAINT "proposal_reviews_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_reviews" ADD CONSTRAINT "proposal_reviews_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_reviews" ADD CONSTRAINT "proposal_reviews_requested_by_id_users_id_fk" FOREIGN KEY ("requested_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "proposal_reviews_reviewer_open_idx" ON "proposal_reviews" USING btree ("reviewer_id","requested_at") WHERE "proposal_reviews"."verdict" is null;--> statement-breakpoint
CREATE INDEX "proposal_reviews_version_idx" ON "proposal_reviews" USING btree ("version_id");