-- Custom SQL migration (#7): concurrency of the supervision counters on PostgreSQL.
-- 1. A task's contribution depends on its row, its submitted record and the record's follow-ups, which
--    concurrent transactions may change at once (a follow-up's INSERT only takes KEY SHARE on its record):
--    the apply function now locks the task row (FOR NO KEY UPDATE) before reading the contribution, so
--    changes of one task are counted one after the other. Lock order stays record → task, as in the
--    submission (inspection_records first, then draw_tasks).
-- 2. A draw's triggers now fire only when the draw enters or leaves the counted states (drawn,
--    revealed): drawn → revealed changes nothing, and recounting a whole draw there could count a
--    concurrent task change twice.
CREATE OR REPLACE FUNCTION shuangsui_sv_tasks_apply(did integer, tid integer, sign integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- Two statements rather than one with OR, so that each keeps its index plan when the plan is cached.
  IF tid IS NOT NULL THEN
    -- Every change of a task's contribution takes its row lock first: a concurrent change of the same
    -- task (its status, its record's submission, a follow-up) waits, then sees this one committed.
    PERFORM 1 FROM draw_tasks WHERE id = tid FOR NO KEY UPDATE;
  INSERT INTO sv_task_counts AS c (org_id, period, month, tasks, completed, joint, cross_dept, joint_done, cross_dept_done, records, problems, cases, transfers, rectifications, rectified, case_followups, extra_cases)
  SELECT v.org_id, v.period, v.month, sign * count(*), sign * sum(v.completed), sign * sum(v.joint), sign * sum(v.cross_dept), sign * sum(v.joint_done), sign * sum(v.cross_dept_done),
         sign * sum(v.records), sign * sum(v.problems), sign * sum(v.cases), sign * sum(v.transfers), sign * sum(v.rectifications), sign * sum(v.rectified), sign * sum(v.case_followups), sign * sum(v.extra_cases)
    FROM sv_task_contrib v
   WHERE v.task_id = tid
   GROUP BY v.org_id, v.period, v.month
  ON CONFLICT (org_id, period, month) DO UPDATE SET
    tasks = c.tasks + EXCLUDED.tasks, completed = c.completed + EXCLUDED.completed, joint = c.joint + EXCLUDED.joint,
    cross_dept = c.cross_dept + EXCLUDED.cross_dept, joint_done = c.joint_done + EXCLUDED.joint_done, cross_dept_done = c.cross_dept_done + EXCLUDED.cross_dept_done,
    records = c.records + EXCLUDED.records, problems = c.problems + EXCLUDED.problems, cases = c.cases + EXCLUDED.cases, transfers = c.transfers + EXCLUDED.transfers,
    rectifications = c.rectifications + EXCLUDED.rectifications, rectified = c.rectified + EXCLUDED.rectified,
    case_followups = c.case_followups + EXCLUDED.case_followups, extra_cases = c.extra_cases + EXCLUDED.extra_cases;
  ELSIF did IS NOT NULL THEN
    PERFORM 1 FROM draw_tasks WHERE draw_id = did FOR NO KEY UPDATE;
  INSERT INTO sv_task_counts AS c (org_id, period, month, tasks, completed, joint, cross_dept, joint_done, cross_dept_done, records, problems, cases, transfers, rectifications, rectified, case_followups, extra_cases)
  SELECT v.org_id, v.period, v.month, sign * count(*), sign * sum(v.completed), sign * sum(v.joint), sign * sum(v.cross_dept), sign * sum(v.joint_done), sign * sum(v.cross_dept_done),
         sign * sum(v.records), sign * sum(v.problems), sign * sum(v.cases), sign * sum(v.transfers), sign * sum(v.rectifications), sign * sum(v.rectified), sign * sum(v.case_followups), sign * sum(v.extra_cases)
    FROM sv_task_contrib v
   WHERE v.draw_id = did
   GROUP BY v.org_id, v.period, v.month
  ON CONFLICT (org_id, period, month) DO UPDATE SET
    tasks = c.tasks + EXCLUDED.tasks, completed = c.completed + EXCLUDED.completed, joint = c.joint + EXCLUDED.joint,
    cross_dept = c.cross_dept + EXCLUDED.cross_dept, joint_done = c.joint_done + EXCLUDED.joint_done, cross_dept_done = c.cross_dept_done + EXCLUDED.cross_dept_done,
    records = c.records + EXCLUDED.records, problems = c.problems + EXCLUDED.problems, cases = c.cases + EXCLUDED.cases, transfers = c.transfers + EXCLUDED.transfers,
    rectifications = c.rectifications + EXCLUDED.rectifications, rectified = c.rectified + EXCLUDED.rectified,
    case_followups = c.case_followups + EXCLUDED.case_followups, extra_cases = c.extra_cases + EXCLUDED.extra_cases;
  END IF;
END;
$$;
--> statement-breakpoint
DROP TRIGGER draws_sv_before ON draws;
--> statement-breakpoint
DROP TRIGGER draws_sv_after ON draws;
--> statement-breakpoint
CREATE TRIGGER draws_sv_before BEFORE UPDATE ON draws FOR EACH ROW
  WHEN ((OLD.status IN ('drawn', 'revealed')) IS DISTINCT FROM (NEW.status IN ('drawn', 'revealed')) OR OLD.org_id IS DISTINCT FROM NEW.org_id
        OR OLD.period IS DISTINCT FROM NEW.period OR OLD.filter IS DISTINCT FROM NEW.filter)
  EXECUTE FUNCTION shuangsui_sv_draw_before();
--> statement-breakpoint
CREATE TRIGGER draws_sv_after AFTER UPDATE ON draws FOR EACH ROW
  WHEN ((OLD.status IN ('drawn', 'revealed')) IS DISTINCT FROM (NEW.status IN ('drawn', 'revealed')) OR OLD.org_id IS DISTINCT FROM NEW.org_id
        OR OLD.period IS DISTINCT FROM NEW.period OR OLD.filter IS DISTINCT FROM NEW.filter)
  EXECUTE FUNCTION shuangsui_sv_draw_after();
