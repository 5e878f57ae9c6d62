DROP INDEX "opportunities_team_stage_idx";--> statement-breakpoint
ALTER TABLE "opportunities" ADD COLUMN "stage_entered_at" timestamp (3) with time zone;--> statement-breakpoint
UPDATE "opportunities" SET "stage_entered_at" = coalesce((SELECT max("at") FROM "opportunity_stage_changes" WHERE "opportunity_id" = "opportunities"."id" AND "to_stage" = "opportunities"."stage"), "opportunities"."updated_at");--> statement-breakpoint
ALTER TABLE "opportunities" ALTER COLUMN "stage_entered_at" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "proposal_versions" ADD COLUMN "total_with_vat_minor" bigint;--> statement-breakpoint
ALTER TABLE "proposal_versions" ADD COLUMN "total_currency" text;--> statement-breakpoint
CREATE INDEX "audit_events_opportunity_updated_idx" ON "audit_events" USING btree ("at") WHERE "audit_events"."action" = 'OPPORTUNITY_UPDATED' and "audit_events"."entity_type" = 'OPPORTUNITY';--> statement-breakpoint
CREATE INDEX "follow_ups_team_due_idx" ON "follow_ups" USING btree ("team_id","due_at","status","completed_at","unplanned","lead_id");--> statement-breakpoint
CREATE INDEX "lead_assessments_assessed_idx" ON "lead_assessments" USING btree ("assessed_at");--> statement-breakpoint
CREATE INDEX "leads_team_uncontacted_idx" ON "leads" USING btree ("team_id","created_at") WHERE "leads"."first_contact_at" is null and "leads"."last_contact_at" is null and "leads"."merged_into_id" is null;--> statement-breakpoint
CREATE INDEX "leads_team_owner_tier_idx" ON "leads" USING btree ("team_id","owner_id","tier") WHERE "leads"."merged_into_id" is null and "leads"."status" <> 'DISQUALIFIED';--> statement-breakpoint
CREATE INDEX "opportunities_open_team_close_idx" ON "opportunities" USING btree ("team_id","expected_close_on") WHERE "opportunities"."stage" not in ('WON', 'LOST');--> statement-breakpoint
CREATE INDEX "opportunity_stage_changes_at_idx" ON "opportunity_stage_changes" USING btree ("at");--> statement-breakpoint
CREATE INDEX "proposal_reviews_open_version_idx" ON "proposal_reviews" USING btree ("version_id") WHERE "proposal_reviews"."verdict" is null;--> statement-breakpoint
CREATE INDEX "opportunities_team_stage_idx" ON "opportunities" USING btree ("team_id","stage","stage_entered_at");--> statement-breakpoint
ALTER TABLE "proposal_versions" ADD CONSTRAINT "proposal_versions_total_currency_check" CHECK ("proposal_versions"."total_currency" in ('CNY', 'USD', 'EUR', 'HKD', 'JPY'));