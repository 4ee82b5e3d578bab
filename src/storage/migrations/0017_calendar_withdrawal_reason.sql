-- Withdrawing a working-day override takes a reason (the history shows why a day went back to the
-- national calendar). Rows withdrawn before this migration had none: they read 「撤销原因未记录」.
ALTER TABLE "calendar_overrides" ADD COLUMN "revoke_reason" text;--> statement-breakpoint
UPDATE "calendar_overrides" SET "revoke_reason" = '撤销原因未记录' WHERE "revoked_at" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "calendar_overrides" ADD CONSTRAINT "calendar_overrides_revoke_reason" CHECK (revoked_at IS NULL OR length(btrim(coalesce(revoke_reason, ''))) > 0);
