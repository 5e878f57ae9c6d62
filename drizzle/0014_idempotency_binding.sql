ALTER TABLE "idempotency_keys" ADD COLUMN "request_hash" text;--> statement-breakpoint
-- Keys stored before requests were hashed match no request: a retry across the upgrade is refused rather than written twice, and the keys expire within 24 hours.
UPDATE "idempotency_keys" SET "request_hash" = '';--> statement-breakpoint
ALTER TABLE "idempotency_keys" ALTER COLUMN "request_hash" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_idx" ON "idempotency_keys" USING btree ("created_at");
