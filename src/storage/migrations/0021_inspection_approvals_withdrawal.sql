ALTER TABLE "inspection_approvals" ADD COLUMN "withdrawn_by" integer;--> statement-breakpoint
ALTER TABLE "inspection_approvals" ADD COLUMN "withdrawn_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "inspection_approvals" ADD COLUMN "withdrawal_reason" text;--> statement-breakpoint
ALTER TABLE "inspection_approvals" ADD CONSTRAINT "inspection_approvals_withdrawn_by_users_id_fk" FOREIGN KEY ("withdrawn_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_approvals" DROP CONSTRAINT "inspection_approvals_status";
--> statement-breakpoint
ALTER TABLE "inspection_approvals" ADD CONSTRAINT "inspection_approvals_status" CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn'));
--> statement-breakpoint
-- 凡检查必审批, 撤回: a pending request may also end withdrawn — by its requester or a coordinator of its
-- organisation or of one above it, at a time, with a reason of 2–200 characters — and then, like a
-- decided one, never changes again (a withdrawn request cannot be decided). A decision never carries a
-- withdrawal, a withdrawal never a decision. The rest of the guard (0016, 0019) is unchanged.
CREATE OR REPLACE FUNCTION shuangsui_inspection_approval_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION '检查审批记录不能删除' USING ERRCODE = 'P0001';
  END IF;
  IF OLD.status = 'withdrawn' THEN
    RAISE EXCEPTION '检查申请已撤回，不能审批或修改（检查记录 ID %）', OLD.record_id USING ERRCODE = 'P0001';
  END IF;
  IF OLD.status <> 'pending' OR NEW.status NOT IN ('approved', 'rejected', 'withdrawn')
     OR NEW.record_id <> OLD.record_id OR NEW.org_id <> OLD.org_id OR NEW.basis <> OLD.basis
     OR NEW.basis_ref IS DISTINCT FROM OLD.basis_ref OR NEW.planned_from <> OLD.planned_from OR NEW.planned_to <> OLD.planned_to
     OR NEW.team <> OLD.team OR NEW.requested_by IS DISTINCT FROM OLD.requested_by OR NEW.requested_at <> OLD.requested_at THEN
    RAISE EXCEPTION '检查审批已决定或申请内容不能修改（检查记录 ID %）', OLD.record_id USING ERRCODE = 'P0001';
  END IF;
  IF NEW.status = 'withdrawn' THEN
    IF NEW.withdrawn_by IS NULL OR NEW.withdrawn_at IS NULL OR char_length(btrim(coalesce(NEW.withdrawal_reason, ''))) NOT BETWEEN 2 AND 200 THEN
      RAISE EXCEPTION '撤回检查申请须写明撤回人、时间和 2–200 字的撤回理由（检查记录 ID %）', OLD.record_id USING ERRCODE = 'P0001';
    END IF;
    IF NEW.decided_by IS NOT NULL OR NEW.decided_at IS NOT NULL OR NEW.opinion IS NOT NULL THEN
      RAISE EXCEPTION '已撤回的检查申请不能同时审批（检查记录 ID %）', OLD.record_id USING ERRCODE = 'P0001';
    END IF;
    IF NEW.withdrawn_by IS DISTINCT FROM OLD.requested_by AND NOT EXISTS (
      SELECT 1 FROM users u JOIN organizations uo ON uo.id = u.org_id JOIN organizations o ON o.id = NEW.org_id
       WHERE u.id = NEW.withdrawn_by AND u.role = 'coordinator' AND o.path LIKE uo.path || '%'
    ) THEN
      RAISE EXCEPTION '检查申请只能由申请人或本单位、上级单位的承办人撤回（检查记录 ID %）', OLD.record_id USING ERRCODE = 'P0001';
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.withdrawn_by IS NOT NULL OR NEW.withdrawn_at IS NOT NULL OR NEW.withdrawal_reason IS NOT NULL THEN
    RAISE EXCEPTION '审批检查申请不能同时撤回（检查记录 ID %）', OLD.record_id USING ERRCODE = 'P0001';
  END IF;
  IF NEW.decided_by IS NULL OR NEW.decided_at IS NULL OR coalesce(btrim(NEW.opinion), '') = '' THEN
    RAISE EXCEPTION '检查审批须写明审批人、时间和审批意见（检查记录 ID %）', OLD.record_id USING ERRCODE = 'P0001';
  END IF;
  IF NEW.decided_by = OLD.requested_by THEN
    RAISE EXCEPTION '申请人不能审批自己提出的检查申请（检查记录 ID %）', OLD.record_id USING ERRCODE = 'P0001';
  END IF;
  IF NOT EXISTS (
    SELECT 1 FROM users u JOIN organizations uo ON uo.id = u.org_id JOIN organizations o ON o.id = NEW.org_id
     WHERE u.id = NEW.decided_by AND u.role = 'leader' AND o.path LIKE uo.path || '%'
  ) THEN
    RAISE EXCEPTION '检查审批须由本单位或上级单位的局领导作出（检查记录 ID %）', OLD.record_id USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
-- A withdrawn request's record, like a rejected one's, is never filled or submitted (0016's guard, now
-- also for 'withdrawn'; otherwise unchanged).
CREATE OR REPLACE FUNCTION shuangsui_targeted_submit_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  a inspection_approvals%ROWTYPE;
BEGIN
  IF NEW.task_id IS NOT NULL OR OLD.status <> 'draft' THEN RETURN NEW; END IF;
  SELECT * INTO a FROM inspection_approvals WHERE record_id = OLD.id;
  IF a.status = 'rejected' THEN
    RAISE EXCEPTION '检查记录（ID %）的检查申请已被驳回，不能填写或提交', OLD.id USING ERRCODE = 'P0001';
  END IF;
  IF a.status = 'withdrawn' THEN
    RAISE EXCEPTION '检查记录（ID %）的检查申请已撤回，不能填写或提交', OLD.id USING ERRCODE = 'P0001';
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
