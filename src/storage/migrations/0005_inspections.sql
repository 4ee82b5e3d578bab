CREATE TABLE "followup_links" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "followup_links_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"followup_id" integer NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"note" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "followup_links_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "inspection_amendments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "inspection_amendments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"record_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"reason" text NOT NULL,
	"changes" jsonb NOT NULL,
	"requested_by" integer,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"decision_note" text
);
--> statement-breakpoint
CREATE TABLE "inspection_attachments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "inspection_attachments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"record_id" integer,
	"followup_id" integer,
	"kind" text NOT NULL,
	"mime" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"file_name" text NOT NULL,
	"captured_at" timestamp with time zone NOT NULL,
	"capture_source" text NOT NULL,
	"signer_inspector_id" integer,
	"signer_name" text,
	"uploaded_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspection_followups" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "inspection_followups_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"record_id" integer NOT NULL,
	"kind" text NOT NULL,
	"line_position" integer,
	"requirement" text NOT NULL,
	"deadline" date,
	"case_no" text,
	"receiver" text,
	"status" text DEFAULT 'open' NOT NULL,
	"verification" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_by" integer,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "inspection_lines" (
	"record_id" integer NOT NULL,
	"position" integer NOT NULL,
	"item" text NOT NULL,
	"content" text NOT NULL,
	"verdict" text,
	"finding" text,
	CONSTRAINT "inspection_lines_record_id_position_pk" PRIMARY KEY("record_id","position")
);
--> statement-breakpoint
CREATE TABLE "inspection_records" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "inspection_records_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_id" integer NOT NULL,
	"task_id" integer,
	"target_id" integer NOT NULL,
	"kind" text NOT NULL,
	"counts_to_quota" boolean NOT NULL,
	"mode" text NOT NULL,
	"inspected_on" date NOT NULL,
	"team" integer[] NOT NULL,
	"result_category" text,
	"summary" text,
	"enterprise_representative" text,
	"status" text NOT NULL,
	"client_key" text NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_by" integer,
	"submitted_at" timestamp with time zone,
	CONSTRAINT "inspection_records_client_key_unique" UNIQUE("client_key")
);
--> statement-breakpoint
ALTER TABLE "followup_links" ADD CONSTRAINT "followup_links_followup_id_inspection_followups_id_fk" FOREIGN KEY ("followup_id") REFERENCES "public"."inspection_followups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "followup_links" ADD CONSTRAINT "followup_links_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_amendments" ADD CONSTRAINT "inspection_amendments_record_id_inspection_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."inspection_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_amendments" ADD CONSTRAINT "inspection_amendments_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_amendments" ADD CONSTRAINT "inspection_amendments_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_attachments" ADD CONSTRAINT "inspection_attachments_record_id_inspection_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."inspection_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_attachments" ADD CONSTRAINT "inspection_attachments_signer_inspector_id_inspectors_id_fk" FOREIGN KEY ("signer_inspector_id") REFERENCES "public"."inspectors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_attachments" ADD CONSTRAINT "inspection_attachments_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_followups" ADD CONSTRAINT "inspection_followups_record_id_inspection_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."inspection_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_followups" ADD CONSTRAINT "inspection_followups_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_followups" ADD CONSTRAINT "inspection_followups_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_lines" ADD CONSTRAINT "inspection_lines_record_id_inspection_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."inspection_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_records" ADD CONSTRAINT "inspection_records_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_records" ADD CONSTRAINT "inspection_records_task_id_draw_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."draw_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_records" ADD CONSTRAINT "inspection_records_target_id_targets_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."targets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_records" ADD CONSTRAINT "inspection_records_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_records" ADD CONSTRAINT "inspection_records_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_amendments_seq_uq" ON "inspection_amendments" USING btree ("record_id","seq");--> statement-breakpoint
CREATE INDEX "inspection_attachments_record_idx" ON "inspection_attachments" USING btree ("record_id");--> statement-breakpoint
CREATE INDEX "inspection_attachments_followup_idx" ON "inspection_attachments" USING btree ("followup_id");--> statement-breakpoint
CREATE INDEX "inspection_followups_record_idx" ON "inspection_followups" USING btree ("record_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_records_task_uq" ON "inspection_records" USING btree ("task_id") WHERE task_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "inspection_records_target_idx" ON "inspection_records" USING btree ("target_id","inspected_on");--> statement-breakpoint
CREATE INDEX "inspection_records_org_idx" ON "inspection_records" USING btree ("org_id","status");--> statement-breakpoint
CREATE INDEX "inspection_records_team_idx" ON "inspection_records" USING gin ("team");--> statement-breakpoint
-- 检查结果一经提交不得撤销或修改 (RULES §4): the database itself refuses any change of a submitted record,
-- of its lines and of its attachments; a draft may move once to submitted. Nothing is ever deleted;
-- a draft's checklist lines may be rewritten while it is a draft.
CREATE OR REPLACE FUNCTION shuangsui_inspection_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION '检查记录（ID %）不能删除', OLD.id USING ERRCODE = 'P0001';
  END IF;
  IF OLD.status = 'submitted' THEN
    RAISE EXCEPTION '检查记录（ID %）已提交，不能修改；更正须追加更正记录并经领导审批', OLD.id USING ERRCODE = 'P0001';
  END IF;
  IF NEW.id <> OLD.id OR NEW.client_key <> OLD.client_key OR NEW.status NOT IN ('draft', 'submitted') THEN
    RAISE EXCEPTION '检查记录（ID %）的标识不能修改', OLD.id USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER inspection_records_guard BEFORE UPDATE OR DELETE ON inspection_records FOR EACH ROW EXECUTE FUNCTION shuangsui_inspection_guard();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION shuangsui_inspection_part_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  rid integer := CASE WHEN TG_OP = 'DELETE' THEN OLD.record_id ELSE NEW.record_id END;
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.record_id IS DISTINCT FROM OLD.record_id THEN
    RAISE EXCEPTION '% 的记录不能移到另一份检查记录', TG_TABLE_NAME USING ERRCODE = 'P0001';
  END IF;
  IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'inspection_attachments' THEN
    RAISE EXCEPTION '检查记录的附件不能删除' USING ERRCODE = 'P0001';
  END IF;
  IF (SELECT status FROM inspection_records WHERE id = rid) = 'submitted' THEN
    RAISE EXCEPTION '检查记录（ID %）已提交，其检查内容、附件和签名不能修改', rid USING ERRCODE = 'P0001';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER inspection_lines_guard BEFORE INSERT OR UPDATE OR DELETE ON inspection_lines FOR EACH ROW EXECUTE FUNCTION shuangsui_inspection_part_guard();
--> statement-breakpoint
CREATE TRIGGER inspection_attachments_guard BEFORE INSERT OR UPDATE OR DELETE ON inspection_attachments FOR EACH ROW EXECUTE FUNCTION shuangsui_inspection_part_guard();
--> statement-breakpoint
-- An amendment is appended; only its single decision (pending → approved/rejected) may follow.
CREATE OR REPLACE FUNCTION shuangsui_inspection_amendment_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR OLD.status <> 'pending' OR NEW.status NOT IN ('approved', 'rejected')
     OR NEW.id <> OLD.id OR NEW.record_id <> OLD.record_id OR NEW.seq <> OLD.seq OR NEW.reason <> OLD.reason
     OR NEW.changes <> OLD.changes OR NEW.requested_by IS DISTINCT FROM OLD.requested_by OR NEW.requested_at <> OLD.requested_at THEN
    RAISE EXCEPTION '更正记录只能追加，审批后不能修改或删除' USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER inspection_amendments_guard BEFORE UPDATE OR DELETE ON inspection_amendments FOR EACH ROW EXECUTE FUNCTION shuangsui_inspection_amendment_guard();
--> statement-breakpoint
CREATE TRIGGER inspection_followups_no_delete BEFORE DELETE ON inspection_followups FOR EACH ROW EXECUTE FUNCTION shuangsui_refuse_delete();
--> statement-breakpoint
CREATE TRIGGER followup_links_no_delete BEFORE DELETE ON followup_links FOR EACH ROW EXECUTE FUNCTION shuangsui_refuse_delete();
