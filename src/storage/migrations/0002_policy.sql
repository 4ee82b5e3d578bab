CREATE TABLE "annual_plans" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "annual_plans_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_id" integer NOT NULL,
	"profile_key" text NOT NULL,
	"profile_version" integer DEFAULT 0 NOT NULL,
	"profile_hash" text NOT NULL,
	"year" integer NOT NULL,
	"level" text NOT NULL,
	"revision" integer NOT NULL,
	"status" text NOT NULL,
	"inputs" jsonb NOT NULL,
	"lines" jsonb NOT NULL,
	"note" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "calendar_overrides" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "calendar_overrides_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"day" date NOT NULL,
	"kind" text NOT NULL,
	"reason" text NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" integer
);
--> statement-breakpoint
CREATE TABLE "classification_runs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "classification_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_id" integer NOT NULL,
	"profile_key" text NOT NULL,
	"profile_version" integer DEFAULT 0 NOT NULL,
	"profile_hash" text NOT NULL,
	"period" text NOT NULL,
	"as_of" date NOT NULL,
	"trigger" text NOT NULL,
	"status" text NOT NULL,
	"target_count" integer DEFAULT 0 NOT NULL,
	"changed_count" integer DEFAULT 0 NOT NULL,
	"summary" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"message" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "policy_profile_versions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "policy_profile_versions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"profile_id" integer NOT NULL,
	"version" integer NOT NULL,
	"effective_from" date NOT NULL,
	"definition" jsonb NOT NULL,
	"hash" text NOT NULL,
	"note" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policy_profiles" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "policy_profiles_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_id" integer NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"base_profile" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "policy_profiles_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "target_classifications" (
	"run_id" integer NOT NULL,
	"target_id" integer NOT NULL,
	"category" text,
	"excluded" text,
	"mode" text,
	"strata" text[] DEFAULT '{}'::text[] NOT NULL,
	"reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	CONSTRAINT "target_classifications_run_id_target_id_pk" PRIMARY KEY("run_id","target_id")
);
--> statement-breakpoint
ALTER TABLE "annual_plans" ADD CONSTRAINT "annual_plans_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "annual_plans" ADD CONSTRAINT "annual_plans_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "annual_plans" ADD CONSTRAINT "annual_plans_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_overrides" ADD CONSTRAINT "calendar_overrides_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_overrides" ADD CONSTRAINT "calendar_overrides_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classification_runs" ADD CONSTRAINT "classification_runs_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classification_runs" ADD CONSTRAINT "classification_runs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_profile_versions" ADD CONSTRAINT "policy_profile_versions_profile_id_policy_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."policy_profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_profile_versions" ADD CONSTRAINT "policy_profile_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_profiles" ADD CONSTRAINT "policy_profiles_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_profiles" ADD CONSTRAINT "policy_profiles_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "target_classifications" ADD CONSTRAINT "target_classifications_run_id_classification_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."classification_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "target_classifications" ADD CONSTRAINT "target_classifications_target_id_targets_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."targets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "annual_plans_revision_uq" ON "annual_plans" USING btree ("org_id","profile_key","year","revision");--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_overrides_day_uq" ON "calendar_overrides" USING btree ("day") WHERE revoked_at IS NULL;--> statement-breakpoint
CREATE INDEX "classification_runs_scope_idx" ON "classification_runs" USING btree ("org_id","profile_key","period","id");--> statement-breakpoint
CREATE UNIQUE INDEX "policy_profile_versions_uq" ON "policy_profile_versions" USING btree ("profile_id","version");--> statement-breakpoint
CREATE TRIGGER policy_profiles_no_delete BEFORE DELETE ON policy_profiles FOR EACH ROW EXECUTE FUNCTION shuangsui_refuse_delete();
--> statement-breakpoint
CREATE TRIGGER policy_profile_versions_append_only BEFORE UPDATE OR DELETE ON policy_profile_versions FOR EACH ROW EXECUTE FUNCTION shuangsui_refuse_change();
--> statement-breakpoint
CREATE TRIGGER calendar_overrides_no_delete BEFORE DELETE ON calendar_overrides FOR EACH ROW EXECUTE FUNCTION shuangsui_refuse_delete();
--> statement-breakpoint
CREATE TRIGGER classification_runs_no_delete BEFORE DELETE ON classification_runs FOR EACH ROW EXECUTE FUNCTION shuangsui_refuse_delete();
--> statement-breakpoint
CREATE TRIGGER target_classifications_append_only BEFORE UPDATE OR DELETE ON target_classifications FOR EACH ROW EXECUTE FUNCTION shuangsui_refuse_change();
--> statement-breakpoint
CREATE TRIGGER annual_plans_no_delete BEFORE DELETE ON annual_plans FOR EACH ROW EXECUTE FUNCTION shuangsui_refuse_delete();
--> statement-breakpoint
-- A decided plan (approved/rejected/superseded) keeps its figures: only an approved plan may later
-- become superseded, and the publication mark may be set once.
CREATE OR REPLACE FUNCTION shuangsui_plan_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status <> 'draft' THEN
    IF NEW.lines IS DISTINCT FROM OLD.lines OR NEW.inputs IS DISTINCT FROM OLD.inputs
       OR NEW.org_id <> OLD.org_id OR NEW.profile_key <> OLD.profile_key OR NEW.profile_version <> OLD.profile_version
       OR NEW.profile_hash <> OLD.profile_hash OR NEW.year <> OLD.year OR NEW.level <> OLD.level OR NEW.revision <> OLD.revision
       OR NEW.decided_by IS DISTINCT FROM OLD.decided_by OR NEW.decided_at IS DISTINCT FROM OLD.decided_at
       OR NEW.decision_note IS DISTINCT FROM OLD.decision_note
       OR (NEW.status <> OLD.status AND NOT (OLD.status = 'approved' AND NEW.status = 'superseded'))
       OR (OLD.published_at IS NOT NULL AND NEW.published_at IS DISTINCT FROM OLD.published_at) THEN
      RAISE EXCEPTION '已审批的年度抽查计划（第 % 版）不能修改，请编制新版本', OLD.revision USING ERRCODE = 'P0001';
    END IF;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER annual_plans_guard BEFORE UPDATE ON annual_plans FOR EACH ROW EXECUTE FUNCTION shuangsui_plan_guard();
