CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"team_id" uuid,
	"actor_id" uuid,
	"entity_type" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"action" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"request_id" text,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "follow_ups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"lead_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"owner_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"channel" text NOT NULL,
	"status" text DEFAULT 'OPEN' NOT NULL,
	"due_at" timestamp (3) with time zone NOT NULL,
	"sla_due_at" timestamp (3) with time zone,
	"calendar_covered" boolean DEFAULT true NOT NULL,
	"completed_at" timestamp (3) with time zone,
	"completed_by_id" uuid,
	"outcome" text,
	"channel_used" text,
	"interest" text,
	"signals" text[] DEFAULT '{}'::text[] NOT NULL,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "follow_ups_kind_check" CHECK ("follow_ups"."kind" in ('FIRST_CONTACT', 'CADENCE', 'NURTURE', 'MEETING')),
	CONSTRAINT "follow_ups_channel_check" CHECK ("follow_ups"."channel" in ('PHONE', 'VISIT', 'VIDEO', 'EMAIL', 'SMS', 'WECHAT')),
	CONSTRAINT "follow_ups_status_check" CHECK ("follow_ups"."status" in ('OPEN', 'DONE', 'CANCELLED')),
	CONSTRAINT "follow_ups_outcome_check" CHECK ("follow_ups"."outcome" in ('CONNECTED', 'NO_ANSWER', 'MEETING_BOOKED', 'MATERIAL_SENT', 'NOT_INTERESTED')),
	CONSTRAINT "follow_ups_channel_used_check" CHECK ("follow_ups"."channel_used" in ('PHONE', 'VISIT', 'VIDEO', 'EMAIL', 'SMS', 'WECHAT')),
	CONSTRAINT "follow_ups_interest_check" CHECK ("follow_ups"."interest" in ('RAISED', 'SAME', 'LOWERED')),
	CONSTRAINT "follow_ups_signals_check" CHECK ("follow_ups"."signals" <@ array['SPECIFIC_NEED', 'STRONG_INTEREST', 'PRICE_OR_PROCESS_QUESTION', 'PROBLEM_FIT_QUESTION', 'FEATURE_ATTENTION', 'INDUSTRY_POLICY_CHANGE', 'COMPETITION_PRESSURE', 'BUSINESS_CHANGE']::text[]),
	CONSTRAINT "follow_ups_done_check" CHECK (("follow_ups"."status" = 'DONE') = ("follow_ups"."completed_at" is not null and "follow_ups"."outcome" is not null))
);
--> statement-breakpoint
CREATE TABLE "lead_assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"lead_id" uuid NOT NULL,
	"assessed_by_id" uuid NOT NULL,
	"need_urgency" text NOT NULL,
	"budget" text NOT NULL,
	"decision_authority" text NOT NULL,
	"budget_amount" bigint,
	"budget_currency" char(3),
	"note" text,
	"tier" text NOT NULL,
	"reasons" jsonb NOT NULL,
	"incomplete" boolean NOT NULL,
	"assessed_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lead_assessments_need_urgency_check" CHECK ("lead_assessments"."need_urgency" in ('HIGH', 'MEDIUM', 'LOW', 'UNKNOWN')),
	CONSTRAINT "lead_assessments_budget_check" CHECK ("lead_assessments"."budget" in ('HIGH', 'MEDIUM', 'LOW', 'UNKNOWN')),
	CONSTRAINT "lead_assessments_decision_authority_check" CHECK ("lead_assessments"."decision_authority" in ('HIGH', 'MEDIUM', 'LOW', 'UNKNOWN')),
	CONSTRAINT "lead_assessments_tier_check" CHECK ("lead_assessments"."tier" in ('A', 'B', 'C')),
	CONSTRAINT "lead_assessments_budget_currency_check" CHECK (("lead_assessments"."budget_amount" is null) = ("lead_assessments"."budget_currency" is null) and ("lead_assessments"."budget_amount" is null or "lead_assessments"."budget_amount" >= 0))
);
--> statement-breakpoint
CREATE TABLE "leads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"owner_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"source_detail" text,
	"referred_by" text,
	"company_name" text NOT NULL,
	"contact_name" text NOT NULL,
	"contact_title" text,
	"phone" text,
	"email" text,
	"wechat_id" text,
	"company_size" text,
	"business_scope" text,
	"current_product" text,
	"province" text,
	"city" text,
	"credit_code" text,
	"collected_on" date,
	"status" text DEFAULT 'NEW' NOT NULL,
	"disqualified_reason" text,
	"tier" text DEFAULT 'B' NOT NULL,
	"computed_tier" text DEFAULT 'B' NOT NULL,
	"tier_override" text,
	"tier_override_reason" text,
	"assessment_incomplete" boolean DEFAULT true NOT NULL,
	"email_key" text,
	"phone_key" text,
	"company_key" text,
	"credit_code_key" text,
	"merged_into_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "leads_channel_check" CHECK ("leads"."channel" in ('INDUSTRY_WEBSITE', 'SOCIAL_MEDIA', 'SEARCH_ENGINE', 'INDUSTRY_FORUM', 'TRADE_SHOW', 'SEMINAR', 'CHAMBER_EVENT', 'PARTNER_REFERRAL', 'CUSTOMER_REFERRAL')),
	CONSTRAINT "leads_company_size_check" CHECK ("leads"."company_size" in ('MICRO', 'SMALL', 'MEDIUM', 'LARGE', 'ENTERPRISE')),
	CONSTRAINT "leads_status_check" CHECK ("leads"."status" in ('NEW', 'WORKING', 'CONVERTED', 'DISQUALIFIED')),
	CONSTRAINT "leads_tier_check" CHECK ("leads"."tier" in ('A', 'B', 'C')),
	CONSTRAINT "leads_computed_tier_check" CHECK ("leads"."computed_tier" in ('A', 'B', 'C')),
	CONSTRAINT "leads_tier_override_check" CHECK ("leads"."tier_override" in ('A', 'B', 'C')),
	CONSTRAINT "leads_override_reason_check" CHECK ("leads"."tier_override" is null or "leads"."tier_override_reason" is not null),
	CONSTRAINT "leads_disqualified_reason_check" CHECK ("leads"."status" <> 'DISQUALIFIED' or "leads"."disqualified_reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"playbook" jsonb,
	"calendar" jsonb,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "teams_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"display_name" text NOT NULL,
	"role" text NOT NULL,
	"team_id" uuid,
	"password_hash" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email"),
	CONSTRAINT "users_role_check" CHECK ("users"."role" in ('REP', 'MANAGER', 'REVIEWER', 'ANALYST', 'ADMIN')),
	CONSTRAINT "users_team_required_check" CHECK ("users"."role" in ('ANALYST', 'ADMIN') or "users"."team_id" is not null)
);
--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_lead_id_leads_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."leads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_completed_by_id_users_id_fk" FOREIGN KEY ("completed_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_assessments" ADD CONSTRAINT "lead_assessments_lead_id_leads_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."leads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_assessments" ADD CONSTRAINT "lead_assessments_assessed_by_id_users_id_fk" FOREIGN KEY ("assessed_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_merged_into_id_leads_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."leads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_events_entity_idx" ON "audit_events" USING btree ("entity_type","entity_id","at");--> statement-breakpoint
CREATE INDEX "follow_ups_owner_open_due_idx" ON "follow_ups" USING btree ("owner_id","due_at") WHERE "follow_ups"."status" = 'OPEN';--> statement-breakpoint
CREATE INDEX "follow_ups_team_open_due_idx" ON "follow_ups" USING btree ("team_id","due_at") WHERE "follow_ups"."status" = 'OPEN';--> statement-breakpoint
CREATE INDEX "follow_ups_lead_idx" ON "follow_ups" USING btree ("lead_id","status");--> statement-breakpoint
CREATE INDEX "follow_ups_team_sla_idx" ON "follow_ups" USING btree ("team_id","sla_due_at") WHERE "follow_ups"."sla_due_at" is not null;--> statement-breakpoint
CREATE INDEX "lead_assessments_lead_idx" ON "lead_assessments" USING btree ("lead_id","assessed_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "leads_team_tier_status_idx" ON "leads" USING btree ("team_id","tier","status");--> statement-breakpoint
CREATE INDEX "leads_owner_created_idx" ON "leads" USING btree ("owner_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "leads_team_created_idx" ON "leads" USING btree ("team_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "leads_created_idx" ON "leads" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "leads_updated_idx" ON "leads" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "leads_email_key_idx" ON "leads" USING btree ("team_id","email_key");--> statement-breakpoint
CREATE INDEX "leads_phone_key_idx" ON "leads" USING btree ("team_id","phone_key");--> statement-breakpoint
CREATE INDEX "leads_company_key_idx" ON "leads" USING btree ("team_id","company_key");--> statement-breakpoint
CREATE INDEX "leads_credit_code_key_idx" ON "leads" USING btree ("team_id","credit_code_key");--> statement-breakpoint
CREATE INDEX "users_team_idx" ON "users" USING btree ("team_id");