CREATE TABLE "draw_access_log" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "draw_access_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"draw_id" integer NOT NULL,
	"user_id" integer,
	"what" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "draw_inputs" (
	"draw_id" integer PRIMARY KEY NOT NULL,
	"pools" jsonb NOT NULL,
	"roster" jsonb NOT NULL,
	"exclusions" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "draw_secrets" (
	"draw_id" integer PRIMARY KEY NOT NULL,
	"secret" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "draw_task_replacements" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "draw_task_replacements_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"draw_id" integer NOT NULL,
	"task_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"replaced_inspector" text NOT NULL,
	"replacement" text NOT NULL,
	"ticket" text NOT NULL,
	"reason" text NOT NULL,
	"approved_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "draw_tasks" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "draw_tasks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"draw_id" integer NOT NULL,
	"position" integer NOT NULL,
	"target_id" integer NOT NULL,
	"target_key" text NOT NULL,
	"items" text[] NOT NULL,
	"drawn_inspectors" text[] NOT NULL,
	"team" integer[] NOT NULL,
	"dispatched_org_id" integer NOT NULL,
	"deadline" date,
	"status" text DEFAULT '待检查' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "draws" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "draws_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"draw_no" text NOT NULL,
	"plan_id" integer,
	"profile_key" text NOT NULL,
	"profile_version" integer DEFAULT 0 NOT NULL,
	"profile_hash" text NOT NULL,
	"period" text NOT NULL,
	"draw_date" date NOT NULL,
	"kind" text NOT NULL,
	"filter" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text NOT NULL,
	"manifest" jsonb NOT NULL,
	"manifest_hash" text NOT NULL,
	"commitment" text NOT NULL,
	"public_value_source" text NOT NULL,
	"exclusion_summary" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"frozen_by" integer,
	"frozen_at" timestamp with time zone NOT NULL,
	"public_value" text,
	"seed" text,
	"witnesses" text[],
	"minutes" text,
	"result_hash" text,
	"task_count" integer,
	"drawn_by" integer,
	"drawn_at" timestamp with time zone,
	"revealed_by" integer,
	"revealed_at" timestamp with time zone,
	"abandon_reason" text,
	CONSTRAINT "draws_draw_no_unique" UNIQUE("draw_no")
);
--> statement-breakpoint
ALTER TABLE "draw_access_log" ADD CONSTRAINT "draw_access_log_draw_id_draws_id_fk" FOREIGN KEY ("draw_id") REFERENCES "public"."draws"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draw_access_log" ADD CONSTRAINT "draw_access_log_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draw_inputs" ADD CONSTRAINT "draw_inputs_draw_id_draws_id_fk" FOREIGN KEY ("draw_id") REFERENCES "public"."draws"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draw_secrets" ADD CONSTRAINT "draw_secrets_draw_id_draws_id_fk" FOREIGN KEY ("draw_id") REFERENCES "public"."draws"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draw_task_replacements" ADD CONSTRAINT "draw_task_replacements_draw_id_draws_id_fk" FOREIGN KEY ("draw_id") REFERENCES "public"."draws"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draw_task_replacements" ADD CONSTRAINT "draw_task_replacements_task_id_draw_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."draw_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draw_task_replacements" ADD CONSTRAINT "draw_task_replacements_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draw_tasks" ADD CONSTRAINT "draw_tasks_draw_id_draws_id_fk" FOREIGN KEY ("draw_id") REFERENCES "public"."draws"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draw_tasks" ADD CONSTRAINT "draw_tasks_target_id_targets_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."targets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draw_tasks" ADD CONSTRAINT "draw_tasks_dispatched_org_id_organizations_id_fk" FOREIGN KEY ("dispatched_org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draws" ADD CONSTRAINT "draws_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draws" ADD CONSTRAINT "draws_plan_id_annual_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."annual_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draws" ADD CONSTRAINT "draws_frozen_by_users_id_fk" FOREIGN KEY ("frozen_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draws" ADD CONSTRAINT "draws_drawn_by_users_id_fk" FOREIGN KEY ("drawn_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draws" ADD CONSTRAINT "draws_revealed_by_users_id_fk" FOREIGN KEY ("revealed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "draw_access_log_draw_idx" ON "draw_access_log" USING btree ("draw_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "draw_task_replacements_seq_uq" ON "draw_task_replacements" USING btree ("draw_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "draw_tasks_draw_position_uq" ON "draw_tasks" USING btree ("draw_id","position");--> statement-breakpoint
CREATE INDEX "draw_tasks_target_idx" ON "draw_tasks" USING btree ("target_id");--> statement-breakpoint
CREATE INDEX "draw_tasks_dispatched_idx" ON "draw_tasks" USING btree ("dispatched_org_id","status");--> statement-breakpoint
CREATE INDEX "draw_tasks_team_idx" ON "draw_tasks" USING gin ("team");--> statement-breakpoint
CREATE UNIQUE INDEX "draws_org_seq_uq" ON "draws" USING btree ("org_id","seq");--> statement-breakpoint
CREATE INDEX "draws_org_period_idx" ON "draws" USING btree ("org_id","period");--> statement-breakpoint
-- SSJ-DRAW/1 immutability, enforced by the database itself (DRAW-PROTOCOL.md: "Nothing about the draw
-- can change after this step"). A draw is inserted frozen; it may then move once to drawn (public value,
-- seed, witnesses, minutes, result hash) or abandoned, and a drawn one once to revealed. The frozen
-- manifest never changes, and nothing is ever deleted.
CREATE OR REPLACE FUNCTION shuangsui_draw_insert_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status <> 'frozen' OR NEW.public_value IS NOT NULL OR NEW.seed IS NOT NULL OR NEW.result_hash IS NOT NULL
     OR NEW.drawn_at IS NOT NULL OR NEW.revealed_at IS NOT NULL THEN
    RAISE EXCEPTION '抽取只能以“已冻结”状态创建' USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION shuangsui_draw_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  frozen_same boolean := NEW.id = OLD.id AND NEW.org_id = OLD.org_id AND NEW.seq = OLD.seq AND NEW.draw_no = OLD.draw_no
    AND NEW.plan_id IS NOT DISTINCT FROM OLD.plan_id AND NEW.profile_key = OLD.profile_key
    AND NEW.profile_version = OLD.profile_version AND NEW.profile_hash = OLD.profile_hash AND NEW.period = OLD.period
    AND NEW.draw_date = OLD.draw_date AND NEW.kind = OLD.kind AND NEW.filter = OLD.filter AND NEW.manifest = OLD.manifest
    AND NEW.manifest_hash = OLD.manifest_hash AND NEW.commitment = OLD.commitment
    AND NEW.public_value_source = OLD.public_value_source AND NEW.exclusion_summary = OLD.exclusion_summary
    AND NEW.frozen_by IS NOT DISTINCT FROM OLD.frozen_by AND NEW.frozen_at = OLD.frozen_at;
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
CREATE TRIGGER draws_insert_guard BEFORE INSERT ON draws FOR EACH ROW EXECUTE FUNCTION shuangsui_draw_insert_guard();
--> statement-breakpoint
CREATE TRIGGER draws_guard BEFORE UPDATE ON draws FOR EACH ROW EXECUTE FUNCTION shuangsui_draw_guard();
--> statement-breakpoint
CREATE TRIGGER draws_no_delete BEFORE DELETE ON draws FOR EACH ROW EXECUTE FUNCTION shuangsui_refuse_delete();
--> statement-breakpoint
CREATE TRIGGER draw_inputs_append_only BEFORE UPDATE OR DELETE ON draw_inputs FOR EACH ROW EXECUTE FUNCTION shuangsui_refuse_change();
--> statement-breakpoint
CREATE TRIGGER draw_secrets_append_only BEFORE UPDATE OR DELETE ON draw_secrets FOR EACH ROW EXECUTE FUNCTION shuangsui_refuse_change();
--> statement-breakpoint
CREATE TRIGGER draw_task_replacements_append_only BEFORE UPDATE OR DELETE ON draw_task_replacements FOR EACH ROW EXECUTE FUNCTION shuangsui_refuse_change();
--> statement-breakpoint
CREATE TRIGGER draw_access_log_append_only BEFORE UPDATE OR DELETE ON draw_access_log FOR EACH ROW EXECUTE FUNCTION shuangsui_refuse_change();
--> statement-breakpoint
-- Tasks are the result: they can only be written while their draw is still frozen (inside the draw's
-- own transaction, which then marks it drawn), so no task can be added, edited or removed afterwards.
-- Only the current team (after an approved replacement), the deadline and the status move on.
CREATE OR REPLACE FUNCTION shuangsui_draw_task_insert_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT status FROM draws WHERE id = NEW.draw_id) IS DISTINCT FROM 'frozen' THEN
    RAISE EXCEPTION '抽取已完成，不能追加抽取任务（不得重新抽取）' USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION shuangsui_draw_task_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id <> OLD.id OR NEW.draw_id <> OLD.draw_id OR NEW.position <> OLD.position OR NEW.target_id <> OLD.target_id
     OR NEW.target_key <> OLD.target_key OR NEW.items <> OLD.items OR NEW.drawn_inspectors <> OLD.drawn_inspectors
     OR NEW.dispatched_org_id <> OLD.dispatched_org_id THEN
    RAISE EXCEPTION '抽取任务（第 % 项）的抽取内容不能修改；更换检查人员须经领导审批后追加记录', OLD.position + 1 USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER draw_tasks_insert_guard BEFORE INSERT ON draw_tasks FOR EACH ROW EXECUTE FUNCTION shuangsui_draw_task_insert_guard();
--> statement-breakpoint
CREATE TRIGGER draw_tasks_guard BEFORE UPDATE ON draw_tasks FOR EACH ROW EXECUTE FUNCTION shuangsui_draw_task_guard();
--> statement-breakpoint
CREATE TRIGGER draw_tasks_no_delete BEFORE DELETE ON draw_tasks FOR EACH ROW EXECUTE FUNCTION shuangsui_refuse_delete();
