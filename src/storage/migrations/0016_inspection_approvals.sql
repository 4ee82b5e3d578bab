CREATE TABLE "inspection_approvals" (
	"record_id" integer PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"basis" text NOT NULL,
	"basis_ref" text,
	"planned_from" date NOT NULL,
	"planned_to" date NOT NULL,
	"team" integer[] NOT NULL,
	"requested_by" integer,
	"requested_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"opinion" text
);
--> statement-breakpoint
ALTER TABLE "inspection_approvals" ADD CONSTRAINT "inspection_approvals_record_id_inspection_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."inspection_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_approvals" ADD CONSTRAINT "inspection_approvals_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_approvals" ADD CONSTRAINT "inspection_approvals_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_approvals" ADD CONSTRAINT "inspection_approvals_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "inspection_approvals_org_idx" ON "inspection_approvals" USING btree ("org_id","status");--> statement-breakpoint
ALTER TABLE "inspection_approvals" ADD CONSTRAINT "inspection_approvals_status" CHECK (status IN ('pending', 'approved', 'rejected'));
--> statement-breakpoint
ALTER TABLE "inspection_approvals" ADD CONSTRAINT "inspection_approvals_window" CHECK (planned_to >= planned_from);
--> statement-breakpoint
-- 凡检查必审批: targeted drafts registered before this migration become pending requests (their
-- creator is the requester; the window is their inspection day), so none can be submitted unapproved.
INSERT INTO inspection_approvals (record_id, org_id, basis, planned_from, planned_to, team, requested_by, requested_at)
SELECT r.id, r.org_id, '（审批制度实施前登记，未填写检查依据）', r.inspected_on, r.inspected_on, r.team, r.created_by, r.created_at
  FROM inspection_records r WHERE r.task_id IS NULL AND r.status = 'draft';
--> statement-breakpoint
-- A request is decided once (pending → approved/rejected, with the decider, the time and a written
-- opinion; the decider is never the requester) and never changes or disappears afterwards.
CREATE OR REPLACE FUNCTION shuangsui_inspection_approval_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION '检查审批记录不能删除' USING ERRCODE = 'P0001';
  END IF;
  IF OLD.status <> 'pending' OR NEW.status NOT IN ('approved', 'rejected')
     OR NEW.record_id <> OLD.record_id OR NEW.org_id <> OLD.org_id OR NEW.basis <> OLD.basis
     OR NEW.basis_ref IS DISTINCT FROM OLD.basis_ref OR NEW.planned_from <> OLD.planned_from OR NEW.planned_to <> OLD.planned_to
     OR NEW.team <> OLD.team OR NEW.requested_by IS DISTINCT FROM OLD.requested_by OR NEW.requested_at <> OLD.requested_at THEN
    RAISE EXCEPTION '检查审批已决定或申请内容不能修改（检查记录 ID %）', OLD.record_id USING ERRCODE = 'P0001';
  END IF;
  IF NEW.decided_by IS NULL OR NEW.decided_at IS NULL OR coalesce(btrim(NEW.opinion), '') = '' THEN
    RAISE EXCEPTION '检查审批须写明审批人、时间和审批意见（检查记录 ID %）', OLD.record_id USING ERRCODE = 'P0001';
  END IF;
  IF NEW.decided_by = OLD.requested_by THEN
    RAISE EXCEPTION '申请人不能审批自己提出的检查申请（检查记录 ID %）', OLD.record_id USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER inspection_approvals_guard BEFORE UPDATE OR DELETE ON inspection_approvals FOR EACH ROW EXECUTE FUNCTION shuangsui_inspection_approval_guard();
--> statement-breakpoint
-- A targeted record (no task) is submitted only once approved and within its approved window; a
-- rejected request's record never changes. Records submitted before this migration have no request
-- and stay as they are (submitted rows are frozen by shuangsui_inspection_guard anyway).
CREATE OR REPLACE FUNCTION shuangsui_targeted_submit_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  a inspection_approvals%ROWTYPE;
BEGIN
  IF NEW.task_id IS NOT NULL OR OLD.status <> 'draft' THEN RETURN NEW; END IF;
  SELECT * INTO a FROM inspection_approvals WHERE record_id = OLD.id;
  IF a.status = 'rejected' THEN
    RAISE EXCEPTION '检查记录（ID %）的检查申请已被驳回，不能填写或提交', OLD.id USING ERRCODE = 'P0001';
  END IF;
  IF NEW.status = 'submitted' THEN
    IF a.status IS DISTINCT FROM 'approved' THEN
      RAISE EXCEPTION '检查记录（ID %）的检查尚未经领导审批，不能提交（凡检查必审批）', OLD.id USING ERRCODE = 'P0001';
    END IF;
    IF NEW.inspected_on < a.planned_from OR NEW.inspected_on > a.planned_to THEN
      RAISE EXCEPTION '检查记录（ID %）的检查日期 % 不在批准的检查时间 % 至 % 内', OLD.id, NEW.inspected_on, a.planned_from, a.planned_to USING ERRCODE = 'P0001';
    END IF;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER inspection_records_targeted_guard BEFORE UPDATE ON inspection_records FOR EACH ROW EXECUTE FUNCTION shuangsui_targeted_submit_guard();
