ALTER TABLE "draws" ADD COLUMN "joint_partners" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "inspection_records" ADD COLUMN "joint_partners" text[] DEFAULT '{}'::text[] NOT NULL;
--> statement-breakpoint
-- Custom SQL (跨部门联合检查 as a field): the bodies taking part in a joint inspection are recorded on the
-- draw (set at freeze, outside the hashed manifest) and on a targeted check's record, instead of being
-- guessed from a 定向 campaign name containing 「跨部门」. Existing draws with such a campaign get it as
-- their one partner (the draw guard refuses any update of a draw, so it is switched off for the backfill).
ALTER TABLE draws DISABLE TRIGGER draws_guard;
--> statement-breakpoint
UPDATE draws SET joint_partners = ARRAY[filter->>'campaign'] WHERE kind = '定向' AND coalesce(filter->>'campaign', '') LIKE '%跨部门%';
--> statement-breakpoint
ALTER TABLE draws ENABLE TRIGGER draws_guard;
--> statement-breakpoint
-- The draw guard of 0003, with joint_partners among what never changes after the freeze.
CREATE OR REPLACE FUNCTION shuangsui_draw_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  frozen_same boolean := NEW.id = OLD.id AND NEW.org_id = OLD.org_id AND NEW.seq = OLD.seq AND NEW.draw_no = OLD.draw_no
    AND NEW.plan_id IS NOT DISTINCT FROM OLD.plan_id AND NEW.profile_key = OLD.profile_key
    AND NEW.profile_version = OLD.profile_version AND NEW.profile_hash = OLD.profile_hash AND NEW.period = OLD.period
    AND NEW.draw_date = OLD.draw_date AND NEW.kind = OLD.kind AND NEW.filter = OLD.filter AND NEW.manifest = OLD.manifest
    AND NEW.manifest_hash = OLD.manifest_hash AND NEW.commitment = OLD.commitment
    AND NEW.public_value_source = OLD.public_value_source AND NEW.exclusion_summary = OLD.exclusion_summary
    AND NEW.frozen_by IS NOT DISTINCT FROM OLD.frozen_by AND NEW.frozen_at = OLD.frozen_at
    AND NEW.joint_partners = OLD.joint_partners;
  drawn_same boolean := NEW.public_value IS NOT DISTINCT FROM OLD.public_value AND NEW.seed IS NOT DISTINCT FROM OLD.seed
    AND NEW.witnesses IS NOT DISTINCT FROM OLD.witnesses AND NEW.minutes IS NOT DISTINCT FROM OLD.minutes
    AND NEW.result_hash IS NOT DISTINCT FROM OLD.result_hash AND NEW.task_count IS NOT DISTINCT FROM OLD.task_count
    AND NEW.drawn_by IS NOT DISTINCT FROM OLD.drawn_by AND NEW.drawn_at IS NOT DISTINCT FROM OLD.drawn_at;
  revealed_same boolean := NEW.revealed_by IS NOT DISTINCT FROM OLD.revealed_by AND NEW.revealed_at IS NOT DISTINCT FROM OLD.revealed_at;
  abandon_same boolean := NEW.abandon_reason IS NOT DISTINCT FROM OLD.abandon_reason;
BEGIN
  IF NOT frozen_same THEN
    RAISE EXCEPTION '抽取 % 的冻结清单（manifest）不能修改', OLD.draw_no USING ERRCODE = 'P0001';
  END IF;
  IF OLD.status = 'frozen' AND NEW.status = 'drawn' AND revealed_same AND abandon_same
     AND NEW.public_value IS NOT NULL AND NEW.seed IS NOT NULL AND NEW.result_hash IS NOT NULL AND NEW.drawn_at IS NOT NULL THEN
    RETURN NEW;
  END IF;
  IF OLD.status = 'frozen' AND NEW.status = 'abandoned' AND drawn_same AND revealed_same AND NEW.abandon_reason IS NOT NULL THEN
    RETURN NEW;
  END IF;
  IF OLD.status = 'drawn' AND NEW.status = 'revealed' AND drawn_same AND abandon_same AND NEW.revealed_at IS NOT NULL THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '抽取 %（状态：%）已锁定：抽取结果不能修改，也不能重新抽取', OLD.draw_no, OLD.status USING ERRCODE = 'P0001';
END;
$$;
--> statement-breakpoint
-- Supervision counters: a task is 跨部门联合 when its draw names joint partners.
CREATE OR REPLACE VIEW sv_task_contrib AS
SELECT t.id AS task_id, t.draw_id, d.org_id, d.period, coalesce(to_char(r.inspected_on, 'YYYY-MM'), '') AS month,
       (t.status <> '待检查')::int AS completed,
       (cardinality(t.items) > 1)::int AS joint,
       (cardinality(d.joint_partners) > 0)::int AS cross_dept,
       (cardinality(t.items) > 1 AND t.status <> '待检查')::int AS joint_done,
       (cardinality(d.joint_partners) > 0 AND t.status <> '待检查')::int AS cross_dept_done,
       (r.id IS NOT NULL)::int AS records,
       (r.id IS NOT NULL AND r.result_category IS DISTINCT FROM '未发现问题')::int AS problems,
       (r.id IS NOT NULL AND r.result_category IS NOT DISTINCT FROM '涉嫌环境违法，立案查处')::int AS cases,
       coalesce(r.id IS NOT NULL AND r.result_category IN ('涉嫌犯罪，移送司法机关', '属其他部门职责，移交处理'), false)::int AS transfers,
       coalesce(f.rectifications, 0) AS rectifications, coalesce(f.rectified, 0) AS rectified, coalesce(f.case_followups, 0) AS case_followups,
       (r.id IS NOT NULL AND r.result_category IS DISTINCT FROM '涉嫌环境违法，立案查处' AND coalesce(f.case_followups, 0) > 0)::int AS extra_cases
  FROM draw_tasks t JOIN draws d ON d.id = t.draw_id
  LEFT JOIN inspection_records r ON r.task_id = t.id AND r.status = 'submitted'
  LEFT JOIN LATERAL (
    SELECT count(*) FILTER (WHERE x.kind = '责令整改')::int AS rectifications,
           count(*) FILTER (WHERE x.kind = '责令整改' AND x.status = 'closed')::int AS rectified,
           count(*) FILTER (WHERE x.kind = '立案')::int AS case_followups
      FROM inspection_followups x WHERE x.record_id = r.id
  ) f ON r.id IS NOT NULL
 WHERE d.status IN ('drawn', 'revealed');
--> statement-breakpoint
SELECT shuangsui_sv_rebuild();
