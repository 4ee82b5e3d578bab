-- Custom SQL migration (#7): a draw's tasks are written in batches of one INSERT each
-- (storage/repos/draws.ts#insertDrawTasks); their counters trigger becomes one per statement (transition
-- table) instead of one per row. Tasks are inserted while their draw is frozen (draw_tasks_insert_guard),
-- which counts nothing yet, so this is normally a no-op; the draw's own trigger counts them when drawn.
DROP TRIGGER draw_tasks_sv_insert ON draw_tasks;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION shuangsui_sv_tasks_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO sv_task_counts AS c (org_id, period, month, tasks, completed, joint, cross_dept, joint_done, cross_dept_done, records, problems, cases, transfers, rectifications, rectified, case_followups, extra_cases)
  SELECT v.org_id, v.period, v.month, count(*), sum(v.completed), sum(v.joint), sum(v.cross_dept), sum(v.joint_done), sum(v.cross_dept_done),
         sum(v.records), sum(v.problems), sum(v.cases), sum(v.transfers), sum(v.rectifications), sum(v.rectified), sum(v.case_followups), sum(v.extra_cases)
    FROM sv_task_contrib v
   WHERE v.draw_id IN (SELECT DISTINCT draw_id FROM sv_new_tasks) AND v.task_id IN (SELECT id FROM sv_new_tasks)
   GROUP BY v.org_id, v.period, v.month
  ON CONFLICT (org_id, period, month) DO UPDATE SET
    tasks = c.tasks + EXCLUDED.tasks, completed = c.completed + EXCLUDED.completed, joint = c.joint + EXCLUDED.joint,
    cross_dept = c.cross_dept + EXCLUDED.cross_dept, joint_done = c.joint_done + EXCLUDED.joint_done, cross_dept_done = c.cross_dept_done + EXCLUDED.cross_dept_done,
    records = c.records + EXCLUDED.records, problems = c.problems + EXCLUDED.problems, cases = c.cases + EXCLUDED.cases, transfers = c.transfers + EXCLUDED.transfers,
    rectifications = c.rectifications + EXCLUDED.rectifications, rectified = c.rectified + EXCLUDED.rectified,
    case_followups = c.case_followups + EXCLUDED.case_followups, extra_cases = c.extra_cases + EXCLUDED.extra_cases;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER draw_tasks_sv_insert AFTER INSERT ON draw_tasks REFERENCING NEW TABLE AS sv_new_tasks FOR EACH STATEMENT
  EXECUTE FUNCTION shuangsui_sv_tasks_inserted();
