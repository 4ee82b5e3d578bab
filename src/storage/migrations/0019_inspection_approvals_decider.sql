-- 凡检查必审批 (#9): the decider of a targeted check's request is, in the database too, a leader
-- (role 'leader') of the check's organisation or of one above it — not only someone other than the
-- requester (migration 0016). The rest of the guard is unchanged.
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
  IF NOT EXISTS (
    SELECT 1 FROM users u JOIN organizations uo ON uo.id = u.org_id JOIN organizations o ON o.id = NEW.org_id
     WHERE u.id = NEW.decided_by AND u.role = 'leader' AND o.path LIKE uo.path || '%'
  ) THEN
    RAISE EXCEPTION '检查审批须由本单位或上级单位的局领导作出（检查记录 ID %）', OLD.record_id USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END;
$$;
