DROP INDEX "follow_ups_team_open_due_idx";--> statement-breakpoint
DROP INDEX "follow_ups_team_due_idx";--> statement-breakpoint
DROP INDEX "leads_team_first_contact_due_idx";--> statement-breakpoint
DROP INDEX "leads_team_uncontacted_idx";--> statement-breakpoint
ALTER TABLE "follow_ups" ADD COLUMN "tier" text;--> statement-breakpoint
UPDATE "follow_ups" SET "tier" = "leads"."tier" FROM "leads" WHERE "leads"."id" = "follow_ups"."lead_id";--> statement-breakpoint
ALTER TABLE "follow_ups" ALTER COLUMN "tier" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "follow_ups_team_open_due_idx" ON "follow_ups" USING btree ("team_id","due_at","owner_id","tier","unplanned") WHERE "follow_ups"."status" = 'OPEN';--> statement-breakpoint
CREATE INDEX "follow_ups_team_due_idx" ON "follow_ups" USING btree ("team_id","due_at","status","completed_at","unplanned","owner_id","tier");--> statement-breakpoint
CREATE INDEX "leads_team_first_contact_due_idx" ON "leads" USING btree ("team_id","first_contact_due_at","owner_id","tier","first_contact_at") WHERE "leads"."merged_into_id" is null;--> statement-breakpoint
CREATE INDEX "leads_team_uncontacted_idx" ON "leads" USING btree ("team_id","created_at","owner_id","tier","status") WHERE "leads"."first_contact_at" is null and "leads"."last_contact_at" is null and "leads"."merged_into_id" is null;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_tier_check" CHECK ("follow_ups"."tier" in ('A', 'B', 'C'));