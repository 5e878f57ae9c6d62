DROP INDEX "follow_ups_team_due_idx";--> statement-breakpoint
DROP INDEX "opportunities_team_stage_idx";--> statement-breakpoint
CREATE INDEX "follow_ups_team_judged_due_idx" ON "follow_ups" USING btree ("team_id","due_at","owner_id","tier","status","completed_at") WHERE "follow_ups"."status" <> 'CANCELLED' and not "follow_ups"."unplanned";--> statement-breakpoint
CREATE INDEX "opportunities_team_open_owner_idx" ON "opportunities" USING btree ("team_id","owner_id","stage","currency","estimated_value_minor") WHERE "opportunities"."stage" not in ('WON', 'LOST');--> statement-breakpoint
CREATE INDEX "opportunities_team_id_idx" ON "opportunities" USING btree ("team_id","id","owner_id","lead_id");--> statement-breakpoint
CREATE INDEX "opportunities_team_stage_idx" ON "opportunities" USING btree ("team_id","stage","stage_entered_at","owner_id","currency","contract_amount_minor","lead_id");