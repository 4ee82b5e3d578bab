CREATE TABLE "sv_inspector_year" (
	"scope_org_id" integer NOT NULL,
	"year" integer NOT NULL,
	"inspector_id" integer NOT NULL,
	"inspections" integer DEFAULT 0 NOT NULL,
	"random" integer DEFAULT 0 NOT NULL,
	"problems" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "sv_inspector_year_scope_org_id_year_inspector_id_pk" PRIMARY KEY("scope_org_id","year","inspector_id")
);
--> statement-breakpoint
CREATE TABLE "sv_publication_counts" (
	"org_id" integer NOT NULL,
	"period" text NOT NULL,
	"due_on" date NOT NULL,
	"state" text NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "sv_publication_counts_org_id_period_due_on_state_pk" PRIMARY KEY("org_id","period","due_on","state")
);
--> statement-breakpoint
CREATE TABLE "sv_record_year" (
	"scope_org_id" integer NOT NULL,
	"year" integer NOT NULL,
	"targets" integer DEFAULT 0 NOT NULL,
	"records" integer DEFAULT 0 NOT NULL,
	"random" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "sv_record_year_scope_org_id_year_pk" PRIMARY KEY("scope_org_id","year")
);
--> statement-breakpoint
CREATE TABLE "sv_target_year" (
	"scope_org_id" integer NOT NULL,
	"year" integer NOT NULL,
	"target_id" integer NOT NULL,
	"random" integer DEFAULT 0 NOT NULL,
	"targeted" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "sv_target_year_scope_org_id_year_target_id_pk" PRIMARY KEY("scope_org_id","year","target_id")
);
--> statement-breakpoint
CREATE TABLE "sv_task_counts" (
	"org_id" integer NOT NULL,
	"period" text NOT NULL,
	"month" text NOT NULL,
	"tasks" integer DEFAULT 0 NOT NULL,
	"completed" integer DEFAULT 0 NOT NULL,
	"joint" integer DEFAULT 0 NOT NULL,
	"cross_dept" integer DEFAULT 0 NOT NULL,
	"joint_done" integer DEFAULT 0 NOT NULL,
	"cross_dept_done" integer DEFAULT 0 NOT NULL,
	"records" integer DEFAULT 0 NOT NULL,
	"problems" integer DEFAULT 0 NOT NULL,
	"cases" integer DEFAULT 0 NOT NULL,
	"transfers" integer DEFAULT 0 NOT NULL,
	"rectifications" integer DEFAULT 0 NOT NULL,
	"rectified" integer DEFAULT 0 NOT NULL,
	"case_followups" integer DEFAULT 0 NOT NULL,
	"extra_cases" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "sv_task_counts_org_id_period_month_pk" PRIMARY KEY("org_id","period","month")
);
--> statement-breakpoint
CREATE INDEX "sv_target_year_top_idx" ON "sv_target_year" USING btree ("scope_org_id","year","random" DESC,"target_id");--> statement-breakpoint
-- Hand-written (#7): the supervision counters are kept current by the triggers below, in the same
-- transaction as the change they count; nothing else writes them. Each task's (and publication's)
-- contribution is computed from its current rows by a view: a BEFORE trigger takes the old
-- contribution away, an AFTER trigger adds the new one (INSERT … ON CONFLICT DO UPDATE increments,
-- safe under concurrent writers on PostgreSQL). Per-target and per-inspector counts are kept for the
-- record's organisation and every ancestor (its "scopes"), so a city's figures are one key lookup.
CREATE VIEW sv_task_contrib AS
SELECT t.id AS task_id, t.draw_id, d.org_id, d.period, coalesce(to_char(r.inspected_on, 'YYYY-MM'), '') AS month,
       (t.status <> '待检查')::int AS completed,
       (cardinality(t.items) > 1)::int AS joint,
       (coalesce(d.filter->>'campaign', '') LIKE '%跨部门%')::int AS cross_dept,
       (cardinality(t.items) > 1 AND t.status <> '待检查')::int AS joint_done,
       (coalesce(d.filter->>'campaign', '') LIKE '%跨部门%' AND t.status <> '待检查')::int AS cross_dept_done,
       (r.id IS NOT NULL)::int AS records,
       (r.id IS NOT NULL AND r.result_category IS DISTINCT FROM '未发现问题')::int AS problems,
       (r.id IS NOT NULL AND r.result_category IS NOT DISTINCT FROM '涉嫌环境违法，立案查处')::int AS cases,
       (r.id IS NOT NULL AND r.result_category IN ('涉嫌犯罪，移送司法机关', '属其他部门职责，移交处理'))::int AS transfers,
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
CREATE VIEW sv_publication_contrib AS
SELECT p.id AS publication_id, p.draw_id, d.org_id, d.period, coalesce(p.due_on, DATE '9999-12-31') AS due_on,
       CASE WHEN p.published_at IS NULL THEN 'pending'
            WHEN p.due_on IS NULL OR (p.published_at AT TIME ZONE 'Asia/Shanghai')::date <= p.due_on THEN 'timely'
            ELSE 'late' END AS state
  FROM publications p JOIN draws d ON d.id = p.draw_id
 WHERE d.status IN ('drawn', 'revealed');
--> statement-breakpoint
CREATE OR REPLACE FUNCTION shuangsui_sv_tasks_apply(did integer, tid integer, sign integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- Two statements rather than one with OR, so that each keeps its index plan when the plan is cached.
  IF tid IS NOT NULL THEN
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
CREATE OR REPLACE FUNCTION shuangsui_sv_publications_apply(did integer, pid integer, sign integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF pid IS NOT NULL THEN
  INSERT INTO sv_publication_counts AS c (org_id, period, due_on, state, n)
  SELECT v.org_id, v.period, v.due_on, v.state, sign * count(*)
    FROM sv_publication_contrib v
   WHERE v.publication_id = pid
   GROUP BY v.org_id, v.period, v.due_on, v.state
  ON CONFLICT (org_id, period, due_on, state) DO UPDATE SET n = c.n + EXCLUDED.n;
  ELSIF did IS NOT NULL THEN
  INSERT INTO sv_publication_counts AS c (org_id, period, due_on, state, n)
  SELECT v.org_id, v.period, v.due_on, v.state, sign * count(*)
    FROM sv_publication_contrib v
   WHERE v.draw_id = did
   GROUP BY v.org_id, v.period, v.due_on, v.state
  ON CONFLICT (org_id, period, due_on, state) DO UPDATE SET n = c.n + EXCLUDED.n;
  END IF;
END;
$$;
--> statement-breakpoint
CREATE VIEW sv_org_scopes AS
SELECT o.id AS org_id, a.id AS scope_org_id FROM organizations o JOIN organizations a ON a.id = o.id OR (a.path <> '' AND o.path LIKE a.path || '%');
--> statement-breakpoint
-- The scopes of an organisation: itself and every organisation whose path is a prefix of its path.
CREATE OR REPLACE FUNCTION shuangsui_sv_scopes(oid integer) RETURNS SETOF integer LANGUAGE sql STABLE AS $$
  SELECT a.id FROM organizations o JOIN organizations a ON a.id = o.id OR (a.path <> '' AND o.path LIKE a.path || '%') WHERE o.id = oid
$$;
--> statement-breakpoint
-- Adds (sign 1) or takes away (sign -1) one submitted record's per-target, per-inspector and total counts.
CREATE OR REPLACE FUNCTION shuangsui_sv_record_apply(oid integer, day date, target integer, random boolean, team integer[], problem boolean, sign integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  s integer;
  yr integer := extract(year FROM day)::int;
  after_total integer;
  dt integer;
BEGIN
  FOR s IN SELECT shuangsui_sv_scopes(oid) LOOP
    INSERT INTO sv_target_year AS c (scope_org_id, year, target_id, random, targeted)
    VALUES (s, yr, target, CASE WHEN random THEN sign ELSE 0 END, CASE WHEN random THEN 0 ELSE sign END)
    ON CONFLICT (scope_org_id, year, target_id) DO UPDATE SET random = c.random + EXCLUDED.random, targeted = c.targeted + EXCLUDED.targeted
    RETURNING c.random + c.targeted INTO after_total;
    dt := (after_total > 0)::int - ((after_total - sign) > 0)::int;
    INSERT INTO sv_record_year AS c (scope_org_id, year, targets, records, random)
    VALUES (s, yr, dt, sign, CASE WHEN random THEN sign ELSE 0 END)
    ON CONFLICT (scope_org_id, year) DO UPDATE SET targets = c.targets + EXCLUDED.targets, records = c.records + EXCLUDED.records, random = c.random + EXCLUDED.random;
    INSERT INTO sv_inspector_year AS c (scope_org_id, year, inspector_id, inspections, random, problems)
    SELECT s, yr, m, sign * count(*), CASE WHEN random THEN sign * count(*) ELSE 0 END, CASE WHEN problem THEN sign * count(*) ELSE 0 END
      FROM unnest(team) AS m GROUP BY m
    ON CONFLICT (scope_org_id, year, inspector_id) DO UPDATE SET inspections = c.inspections + EXCLUDED.inspections,
      random = c.random + EXCLUDED.random, problems = c.problems + EXCLUDED.problems;
  END LOOP;
END;
$$;
--> statement-breakpoint
-- Recomputes every counter from the source tables (the backfill; also after an organisation moves).
CREATE OR REPLACE FUNCTION shuangsui_sv_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM sv_task_counts;
  INSERT INTO sv_task_counts (org_id, period, month, tasks, completed, joint, cross_dept, joint_done, cross_dept_done, records, problems, cases, transfers, rectifications, rectified, case_followups, extra_cases)
  SELECT v.org_id, v.period, v.month, count(*), sum(v.completed), sum(v.joint), sum(v.cross_dept), sum(v.joint_done), sum(v.cross_dept_done),
         sum(v.records), sum(v.problems), sum(v.cases), sum(v.transfers), sum(v.rectifications), sum(v.rectified), sum(v.case_followups), sum(v.extra_cases)
    FROM sv_task_contrib v GROUP BY v.org_id, v.period, v.month;
  DELETE FROM sv_publication_counts;
  INSERT INTO sv_publication_counts (org_id, period, due_on, state, n)
  SELECT v.org_id, v.period, v.due_on, v.state, count(*) FROM sv_publication_contrib v GROUP BY v.org_id, v.period, v.due_on, v.state;
  PERFORM shuangsui_sv_rebuild_scoped();
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION shuangsui_sv_rebuild_scoped() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM sv_target_year;
  DELETE FROM sv_record_year;
  DELETE FROM sv_inspector_year;
  INSERT INTO sv_target_year (scope_org_id, year, target_id, random, targeted)
  SELECT s.scope_org_id, extract(year FROM r.inspected_on)::int, r.target_id, count(*) FILTER (WHERE r.counts_to_quota), count(*) FILTER (WHERE NOT r.counts_to_quota)
    FROM inspection_records r JOIN sv_org_scopes s ON s.org_id = r.org_id
   WHERE r.status = 'submitted' GROUP BY 1, 2, 3;
  INSERT INTO sv_record_year (scope_org_id, year, targets, records, random)
  SELECT scope_org_id, year, count(*), sum(random + targeted), sum(random) FROM sv_target_year GROUP BY 1, 2;
  INSERT INTO sv_inspector_year (scope_org_id, year, inspector_id, inspections, random, problems)
  SELECT s.scope_org_id, extract(year FROM r.inspected_on)::int, m, count(*), count(*) FILTER (WHERE r.counts_to_quota),
         count(*) FILTER (WHERE r.result_category IS DISTINCT FROM '未发现问题')
    FROM inspection_records r JOIN sv_org_scopes s ON s.org_id = r.org_id CROSS JOIN LATERAL unnest(r.team) AS m
   WHERE r.status = 'submitted' GROUP BY 1, 2, 3;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION shuangsui_sv_task_before() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN PERFORM shuangsui_sv_tasks_apply(NULL, OLD.id, -1); END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION shuangsui_sv_task_after() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM shuangsui_sv_tasks_apply(NULL, NEW.id, 1);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER draw_tasks_sv_before BEFORE UPDATE ON draw_tasks FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.items IS DISTINCT FROM NEW.items OR OLD.draw_id IS DISTINCT FROM NEW.draw_id)
  EXECUTE FUNCTION shuangsui_sv_task_before();
--> statement-breakpoint
CREATE TRIGGER draw_tasks_sv_insert AFTER INSERT ON draw_tasks FOR EACH ROW EXECUTE FUNCTION shuangsui_sv_task_after();
--> statement-breakpoint
CREATE TRIGGER draw_tasks_sv_after AFTER UPDATE ON draw_tasks FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.items IS DISTINCT FROM NEW.items OR OLD.draw_id IS DISTINCT FROM NEW.draw_id)
  EXECUTE FUNCTION shuangsui_sv_task_after();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION shuangsui_sv_draw_before() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM shuangsui_sv_tasks_apply(OLD.id, NULL, -1);
  PERFORM shuangsui_sv_publications_apply(OLD.id, NULL, -1);
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION shuangsui_sv_draw_after() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM shuangsui_sv_tasks_apply(NEW.id, NULL, 1);
  PERFORM shuangsui_sv_publications_apply(NEW.id, NULL, 1);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER draws_sv_before BEFORE UPDATE ON draws FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.org_id IS DISTINCT FROM NEW.org_id OR OLD.period IS DISTINCT FROM NEW.period OR OLD.filter IS DISTINCT FROM NEW.filter)
  EXECUTE FUNCTION shuangsui_sv_draw_before();
--> statement-breakpoint
CREATE TRIGGER draws_sv_after AFTER UPDATE ON draws FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.org_id IS DISTINCT FROM NEW.org_id OR OLD.period IS DISTINCT FROM NEW.period OR OLD.filter IS DISTINCT FROM NEW.filter)
  EXECUTE FUNCTION shuangsui_sv_draw_after();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION shuangsui_sv_record_before() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN PERFORM shuangsui_sv_tasks_apply(NULL, OLD.task_id, -1); END IF;
  IF TG_OP = 'INSERT' OR NEW.task_id IS DISTINCT FROM OLD.task_id THEN PERFORM shuangsui_sv_tasks_apply(NULL, NEW.task_id, -1); END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION shuangsui_sv_record_after() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    PERFORM shuangsui_sv_tasks_apply(NULL, OLD.task_id, 1);
    IF OLD.status = 'submitted' THEN
      PERFORM shuangsui_sv_record_apply(OLD.org_id, OLD.inspected_on, OLD.target_id, OLD.counts_to_quota, OLD.team, OLD.result_category IS DISTINCT FROM '未发现问题', -1);
    END IF;
  END IF;
  IF TG_OP = 'INSERT' OR NEW.task_id IS DISTINCT FROM OLD.task_id THEN PERFORM shuangsui_sv_tasks_apply(NULL, NEW.task_id, 1); END IF;
  IF NEW.status = 'submitted' THEN
    PERFORM shuangsui_sv_record_apply(NEW.org_id, NEW.inspected_on, NEW.target_id, NEW.counts_to_quota, NEW.team, NEW.result_category IS DISTINCT FROM '未发现问题', 1);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER inspection_records_sv_before_insert BEFORE INSERT ON inspection_records FOR EACH ROW
  WHEN (NEW.status = 'submitted') EXECUTE FUNCTION shuangsui_sv_record_before();
--> statement-breakpoint
CREATE TRIGGER inspection_records_sv_after_insert AFTER INSERT ON inspection_records FOR EACH ROW
  WHEN (NEW.status = 'submitted') EXECUTE FUNCTION shuangsui_sv_record_after();
--> statement-breakpoint
CREATE TRIGGER inspection_records_sv_before BEFORE UPDATE ON inspection_records FOR EACH ROW
  WHEN (OLD.status = 'submitted' OR NEW.status = 'submitted') EXECUTE FUNCTION shuangsui_sv_record_before();
--> statement-breakpoint
CREATE TRIGGER inspection_records_sv_after AFTER UPDATE ON inspection_records FOR EACH ROW
  WHEN (OLD.status = 'submitted' OR NEW.status = 'submitted') EXECUTE FUNCTION shuangsui_sv_record_after();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION shuangsui_sv_followup_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  sign integer := CASE WHEN TG_WHEN = 'BEFORE' THEN -1 ELSE 1 END;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    PERFORM shuangsui_sv_tasks_apply(NULL, (SELECT task_id FROM inspection_records WHERE id = OLD.record_id), sign);
  END IF;
  IF TG_OP = 'INSERT' OR NEW.record_id IS DISTINCT FROM OLD.record_id THEN
    PERFORM shuangsui_sv_tasks_apply(NULL, (SELECT task_id FROM inspection_records WHERE id = NEW.record_id), sign);
  END IF;
  IF TG_WHEN = 'BEFORE' THEN RETURN NEW; END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER inspection_followups_sv_before_insert BEFORE INSERT ON inspection_followups FOR EACH ROW EXECUTE FUNCTION shuangsui_sv_followup_apply();
--> statement-breakpoint
CREATE TRIGGER inspection_followups_sv_after_insert AFTER INSERT ON inspection_followups FOR EACH ROW EXECUTE FUNCTION shuangsui_sv_followup_apply();
--> statement-breakpoint
CREATE TRIGGER inspection_followups_sv_before BEFORE UPDATE ON inspection_followups FOR EACH ROW
  WHEN (OLD.kind IS DISTINCT FROM NEW.kind OR OLD.status IS DISTINCT FROM NEW.status OR OLD.record_id IS DISTINCT FROM NEW.record_id)
  EXECUTE FUNCTION shuangsui_sv_followup_apply();
--> statement-breakpoint
CREATE TRIGGER inspection_followups_sv_after AFTER UPDATE ON inspection_followups FOR EACH ROW
  WHEN (OLD.kind IS DISTINCT FROM NEW.kind OR OLD.status IS DISTINCT FROM NEW.status OR OLD.record_id IS DISTINCT FROM NEW.record_id)
  EXECUTE FUNCTION shuangsui_sv_followup_apply();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION shuangsui_sv_publication_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_WHEN = 'BEFORE' THEN
    PERFORM shuangsui_sv_publications_apply(NULL, OLD.id, -1);
    RETURN NEW;
  END IF;
  PERFORM shuangsui_sv_publications_apply(NULL, NEW.id, 1);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER publications_sv_insert AFTER INSERT ON publications FOR EACH ROW EXECUTE FUNCTION shuangsui_sv_publication_apply();
--> statement-breakpoint
CREATE TRIGGER publications_sv_before BEFORE UPDATE ON publications FOR EACH ROW
  WHEN (OLD.published_at IS DISTINCT FROM NEW.published_at OR OLD.due_on IS DISTINCT FROM NEW.due_on OR OLD.draw_id IS DISTINCT FROM NEW.draw_id)
  EXECUTE FUNCTION shuangsui_sv_publication_apply();
--> statement-breakpoint
CREATE TRIGGER publications_sv_after AFTER UPDATE ON publications FOR EACH ROW
  WHEN (OLD.published_at IS DISTINCT FROM NEW.published_at OR OLD.due_on IS DISTINCT FROM NEW.due_on OR OLD.draw_id IS DISTINCT FROM NEW.draw_id)
  EXECUTE FUNCTION shuangsui_sv_publication_apply();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION shuangsui_sv_org_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM shuangsui_sv_rebuild_scoped();
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- A new organisation gets its path right after insertion ('' → path): nothing to recount then.
CREATE TRIGGER organizations_sv_moved AFTER UPDATE ON organizations FOR EACH ROW
  WHEN (OLD.path IS DISTINCT FROM NEW.path AND OLD.path <> '') EXECUTE FUNCTION shuangsui_sv_org_moved();
--> statement-breakpoint
SELECT shuangsui_sv_rebuild();
