ALTER TABLE "inspection_code_scans" ALTER COLUMN "task_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "recusal_requests" ALTER COLUMN "task_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "inspection_code_scans" ADD COLUMN "record_id" integer;--> statement-breakpoint
ALTER TABLE "recusal_requests" ADD COLUMN "record_id" integer;--> statement-breakpoint
ALTER TABLE "inspection_code_scans" ADD CONSTRAINT "inspection_code_scans_record_id_inspection_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."inspection_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recusal_requests" ADD CONSTRAINT "recusal_requests_record_id_inspection_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."inspection_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "inspection_code_scans_record_idx" ON "inspection_code_scans" USING btree ("record_id","scanned_at");--> statement-breakpoint
CREATE INDEX "recusal_requests_record_idx" ON "recusal_requests" USING btree ("record_id","status");--> statement-breakpoint
ALTER TABLE "inspection_code_scans" ADD CONSTRAINT "inspection_code_scans_one_subject" CHECK ((task_id IS NULL) <> (record_id IS NULL));
--> statement-breakpoint
ALTER TABLE "recusal_requests" ADD CONSTRAINT "recusal_requests_one_subject" CHECK ((task_id IS NULL) <> (record_id IS NULL));
--> statement-breakpoint
-- A recusal request is decided once: afterwards nothing changes; never deleted (task or record may be NULL now).
CREATE OR REPLACE FUNCTION shuangsui_recusal_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION '回避申请不能删除' USING ERRCODE = 'P0001';
  END IF;
  IF OLD.status <> 'pending' OR NEW.task_id IS DISTINCT FROM OLD.task_id OR NEW.record_id IS DISTINCT FROM OLD.record_id
     OR NEW.inspector_id <> OLD.inspector_id OR NEW.reason <> OLD.reason OR NEW.applicant <> OLD.applicant
     OR NEW.contact IS DISTINCT FROM OLD.contact OR NEW.requested_at <> OLD.requested_at THEN
    RAISE EXCEPTION '回避申请已决定或其内容不能修改' USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END;
$$;
