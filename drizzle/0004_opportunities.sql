CREATE TABLE "opportunities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"lead_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"owner_id" uuid NOT NULL,
	"name" text NOT NULL,
	"estimated_value_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"expected_close_on" date NOT NULL,
	"stage" text DEFAULT 'OPPORTUNITY' NOT NULL,
	"signals" text[] DEFAULT '{}'::text[] NOT NULL,
	"loss_reason" text,
	"loss_note" text,
	"lost_from_stage" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "opportunities_stage_check" CHECK ("opportunities"."stage" in ('OPPORTUNITY', 'PROPOSAL', 'IN_REVIEW', 'NEGOTIATION', 'WON', 'LOST')),
	CONSTRAINT "opportunities_currency_check" CHECK ("opportunities"."currency" in ('CNY', 'USD', 'EUR', 'HKD', 'JPY')),
	CONSTRAINT "opportunities_loss_reason_check" CHECK ("opportunities"."loss_reason" in ('PRICE', 'COMPETITOR', 'NO_BUDGET', 'NO_DECISION', 'TIMING', 'REQUIREMENTS_CHANGED', 'OTHER')),
	CONSTRAINT "opportunities_lost_from_stage_check" CHECK ("opportunities"."lost_from_stage" in ('OPPORTUNITY', 'PROPOSAL', 'IN_REVIEW', 'NEGOTIATION', 'WON', 'LOST')),
	CONSTRAINT "opportunities_lost_check" CHECK (("opportunities"."stage" = 'LOST') = ("opportunities"."loss_reason" is not null and "opportunities"."lost_from_stage" is not null)),
	CONSTRAINT "opportunities_value_check" CHECK ("opportunities"."estimated_value_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "opportunity_stage_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"opportunity_id" uuid NOT NULL,
	"from_stage" text,
	"to_stage" text NOT NULL,
	"actor_id" uuid NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "opportunity_stage_changes_from_check" CHECK ("opportunity_stage_changes"."from_stage" in ('OPPORTUNITY', 'PROPOSAL', 'IN_REVIEW', 'NEGOTIATION', 'WON', 'LOST')),
	CONSTRAINT "opportunity_stage_changes_to_check" CHECK ("opportunity_stage_changes"."to_stage" in ('OPPORTUNITY', 'PROPOSAL', 'IN_REVIEW', 'NEGOTIATION', 'WON', 'LOST'))
);
--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_lead_id_leads_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."leads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunity_stage_changes" ADD CONSTRAINT "opportunity_stage_changes_opportunity_id_opportunities_id_fk" FOREIGN KEY ("opportunity_id") REFERENCES "public"."opportunities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunity_stage_changes" ADD CONSTRAINT "opportunity_stage_changes_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "opportunities_open_lead_key" ON "opportunities" USING btree ("lead_id") WHERE "opportunities"."stage" not in ('WON', 'LOST');--> statement-breakpoint
CREATE INDEX "opportunities_lead_idx" ON "opportunities" USING btree ("lead_id");--> statement-breakpoint
CREATE INDEX "opportunities_team_stage_idx" ON "opportunities" USING btree ("team_id","stage");--> statement-breakpoint
CREATE INDEX "opportunities_owner_created_idx" ON "opportunities" USING btree ("owner_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "opportunities_team_created_idx" ON "opportunities" USING btree ("team_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "opportunities_created_idx" ON "opportunities" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "opportunity_stage_changes_opportunity_idx" ON "opportunity_stage_changes" USING btree ("opportunity_id","id");