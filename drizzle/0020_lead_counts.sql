CREATE TABLE "lead_counts" (
	"team_id" uuid NOT NULL,
	"owner_id" uuid NOT NULL,
	"tier" text NOT NULL,
	"status" text NOT NULL,
	"leads" integer NOT NULL,
	CONSTRAINT "lead_counts_pkey" PRIMARY KEY("team_id","owner_id","tier","status")
);
