CREATE TABLE "cap_exceptions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "cap_exceptions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_id" integer NOT NULL,
	"target_id" integer NOT NULL,
	"year" integer NOT NULL,
	"reason" text NOT NULL,
	"approved_by" integer NOT NULL,
	"approved_at" timestamp with time zone NOT NULL,
	"record_id" integer
);
--> statement-breakpoint
CREATE TABLE "inspection_code_scans" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "inspection_code_scans_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"task_id" integer NOT NULL,
	"scanned_at" timestamp with time zone NOT NULL,
	"client" text
);
--> statement-breakpoint
CREATE TABLE "recusal_requests" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "recusal_requests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"task_id" integer NOT NULL,
	"inspector_id" integer NOT NULL,
	"reason" text NOT NULL,
	"applicant" text NOT NULL,
	"contact" text,
	"requested_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"replacement_seq" integer
);
--> statement-breakpoint
CREATE TABLE "server_keys" (
	"name" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cap_exceptions" ADD CONSTRAINT "cap_exceptions_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cap_exceptions" ADD CONSTRAINT "cap_exceptions_target_id_targets_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."targets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cap_exceptions" ADD CONSTRAINT "cap_exceptions_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cap_exceptions" ADD CONSTRAINT "cap_exceptions_record_id_inspection_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."inspection_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_code_scans" ADD CONSTRAINT "inspection_code_scans_task_id_draw_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."draw_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recusal_requests" ADD CONSTRAINT "recusal_requests_task_id_draw_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."draw_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recusal_requests" ADD CONSTRAINT "recusal_requests_inspector_id_inspectors_id_fk" FOREIGN KEY ("inspector_id") REFERENCES "public"."inspectors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recusal_requests" ADD CONSTRAINT "recusal_requests_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cap_exceptions_target_idx" ON "cap_exceptions" USING btree ("target_id","year");--> statement-breakpoint
CREATE INDEX "inspection_code_scans_task_idx" ON "inspection_code_scans" USING btree ("task_id","scanned_at");--> statement-breakpoint
CREATE INDEX "recusal_requests_task_idx" ON "recusal_requests" USING btree ("task_id","status");--> statement-breakpoint
CREATE TRIGGER server_keys_append_only BEFORE UPDATE OR DELETE ON server_keys FOR EACH ROW EXECUTE FUNCTION shuangsui_refuse_change();
--> statement-breakpoint
CREATE TRIGGER inspection_code_scans_append_only BEFORE UPDATE OR DELETE ON inspection_code_scans FOR EACH ROW EXECUTE FUNCTION shuangsui_refuse_change();
--> statement-breakpoint
-- A recusal request is decided once: afterwards nothing changes; never deleted.
CREATE OR REPLACE FUNCTION shuangsui_recusal_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION '回避申请不能删除' USING ERRCODE = 'P0001';
  END IF;
  IF OLD.status <> 'pending' OR NEW.task_id <> OLD.task_id OR NEW.inspector_id <> OLD.inspector_id OR NEW.reason <> OLD.reason
     OR NEW.applicant <> OLD.applicant OR NEW.contact IS DISTINCT FROM OLD.contact OR NEW.requested_at <> OLD.requested_at THEN
    RAISE EXCEPTION '回避申请已决定或其内容不能修改' USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER recusal_requests_guard BEFORE UPDATE OR DELETE ON recusal_requests FOR EACH ROW EXECUTE FUNCTION shuangsui_recusal_guard();
--> statement-breakpoint
-- A cap exception is used once (record_id set from NULL); nothing else changes; never deleted.
CREATE OR REPLACE FUNCTION shuangsui_cap_exception_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION '超频次检查审批不能删除' USING ERRCODE = 'P0001';
  END IF;
  IF OLD.record_id IS NOT NULL OR NEW.org_id <> OLD.org_id OR NEW.target_id <> OLD.target_id OR NEW.year <> OLD.year
     OR NEW.reason <> OLD.reason OR NEW.approved_by <> OLD.approved_by OR NEW.approved_at <> OLD.approved_at THEN
    RAISE EXCEPTION '超频次检查审批已使用或其内容不能修改' USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER cap_exceptions_guard BEFORE UPDATE OR DELETE ON cap_exceptions FOR EACH ROW EXECUTE FUNCTION shuangsui_cap_exception_guard();
