ALTER TABLE "opportunities" ADD COLUMN "negotiation_prep" jsonb;--> statement-breakpoint
ALTER TABLE "opportunities" ADD COLUMN "frozen_floor_minor" bigint;--> statement-breakpoint
ALTER TABLE "opportunities" ADD COLUMN "pending_floor_minor" bigint;--> statement-breakpoint
ALTER TABLE "opportunities" ADD COLUMN "contract_amount_minor" bigint;--> statement-breakpoint
ALTER TABLE "opportunities" ADD COLUMN "contract_signed_on" date;--> statement-breakpoint
ALTER TABLE "opportunities" ADD COLUMN "contract_payment_terms" text;--> statement-breakpoint
ALTER TABLE "opportunities" ADD COLUMN "contract_approved_by_id" uuid;--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_contract_approved_by_id_users_id_fk" FOREIGN KEY ("contract_approved_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;