-- Custom SQL migration (#7): a record without a result category made the task's "transfers"
-- contribution NULL (x IN (…) is NULL when x is NULL), refused by sv_task_counts' NOT NULL; counted as
-- 0 now, then every counter is recomputed from the source tables.
CREATE OR REPLACE VIEW sv_task_contrib AS
SELECT t.id AS task_id, t.draw_id, d.org_id, d.period, coalesce(to_char(r.inspected_on, 'YYYY-MM'), '') AS month,
       (t.status <> '待检查')::int AS completed,
       (cardinality(t.items) > 1)::int AS joint,
       (coalesce(d.filter->>'campaign', '') LIKE '%跨部门%')::int AS cross_dept,
       (cardinality(t.items) > 1 AND t.status <> '待检查')::int AS joint_done,
       (coalesce(d.filter->>'campaign', '') LIKE '%跨部门%' AND t.status <> '待检查')::int AS cross_dept_done,
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
