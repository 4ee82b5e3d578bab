-- Draw inputs (#4): pools and exclusions may be stored gzip-compressed (bytea) instead of jsonb — a
-- million-target pool is 21 MB of jsonb, seconds to store and read on the embedded database. Existing
-- rows keep their jsonb; exactly one of each pair is set. Compressed data is stored as is (no second
-- compression by the database).
ALTER TABLE "draw_inputs" ALTER COLUMN "pools" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "draw_inputs" ALTER COLUMN "exclusions" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "draw_inputs" ADD COLUMN "pools_gzip" "bytea";--> statement-breakpoint
ALTER TABLE "draw_inputs" ADD COLUMN "exclusions_gzip" "bytea";--> statement-breakpoint
ALTER TABLE "draw_inputs" ADD CONSTRAINT "draw_inputs_pools_once" CHECK ((pools IS NULL) <> (pools_gzip IS NULL));--> statement-breakpoint
ALTER TABLE "draw_inputs" ADD CONSTRAINT "draw_inputs_exclusions_once" CHECK ((exclusions IS NULL) <> (exclusions_gzip IS NULL));--> statement-breakpoint
ALTER TABLE "draw_inputs" ALTER COLUMN "pools_gzip" SET STORAGE EXTERNAL;--> statement-breakpoint
ALTER TABLE "draw_inputs" ALTER COLUMN "exclusions_gzip" SET STORAGE EXTERNAL;
