CREATE TABLE "publications" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "publications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_id" integer NOT NULL,
	"record_id" integer NOT NULL,
	"task_id" integer,
	"draw_id" integer,
	"target_id" integer NOT NULL,
	"profile_key" text,
	"period" text NOT NULL,
	"plan_no" text,
	"plan_name" text,
	"task_no" text NOT NULL,
	"task_name" text NOT NULL,
	"check_type" text NOT NULL,
	"authority" text NOT NULL,
	"enterprise_name" text NOT NULL,
	"credit_code" text NOT NULL,
	"inspected_on" date NOT NULL,
	"completed_on" date NOT NULL,
	"content" text NOT NULL,
	"standard_phrase" text NOT NULL,
	"wording" text,
	"wording_status" text DEFAULT 'none' NOT NULL,
	"proposed_wording" text,
	"proposed_reason" text,
	"proposed_by" integer,
	"proposed_at" timestamp with time zone,
	"wording_decided_by" integer,
	"wording_decided_at" timestamp with time zone,
	"wording_note" text,
	"remark" text,
	"redaction_basis" text,
	"redaction_reason" text,
	"redacted_fields" text[] DEFAULT '{}'::text[] NOT NULL,
	"redacted_by" integer,
	"redacted_at" timestamp with time zone,
	"due_on" date,
	"due_rule" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" integer,
	"pub_enterprise_name" text,
	"pub_credit_code" text,
	"pub_content" text,
	"pub_result" text,
	"pub_remark" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "publications" ADD CONSTRAINT "publications_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publications" ADD CONSTRAINT "publications_record_id_inspection_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."inspection_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publications" ADD CONSTRAINT "publications_task_id_draw_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."draw_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publications" ADD CONSTRAINT "publications_draw_id_draws_id_fk" FOREIGN KEY ("draw_id") REFERENCES "public"."draws"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publications" ADD CONSTRAINT "publications_target_id_targets_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."targets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publications" ADD CONSTRAINT "publications_proposed_by_users_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publications" ADD CONSTRAINT "publications_wording_decided_by_users_id_fk" FOREIGN KEY ("wording_decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publications" ADD CONSTRAINT "publications_redacted_by_users_id_fk" FOREIGN KEY ("redacted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publications" ADD CONSTRAINT "publications_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "publications_record_uq" ON "publications" USING btree ("record_id");--> statement-breakpoint
CREATE INDEX "publications_queue_idx" ON "publications" USING btree ("org_id","status","due_on");--> statement-breakpoint
CREATE INDEX "publications_org_completed_idx" ON "publications" USING btree ("org_id","completed_on");--> statement-breakpoint
CREATE INDEX "publications_pub_recent_idx" ON "publications" USING btree ("completed_on","id") WHERE status = 'published';--> statement-breakpoint
CREATE INDEX "publications_pub_published_idx" ON "publications" USING btree ("published_at","id") WHERE status = 'published';--> statement-breakpoint
CREATE INDEX "publications_pub_code_idx" ON "publications" USING btree ("pub_credit_code","completed_on") WHERE status = 'published';--> statement-breakpoint
CREATE INDEX "publications_pub_org_idx" ON "publications" USING btree ("org_id","completed_on","id") WHERE status = 'published';--> statement-breakpoint
CREATE INDEX "publications_pub_name_trgm_idx" ON "publications" USING gin ("pub_enterprise_name" gin_trgm_ops) WHERE status = 'published';--> statement-breakpoint
-- A publication is never deleted, and once published it stays published: the published date and
-- publisher never change; only a later redaction (with its reason) may narrow the pub_* columns.
CREATE OR REPLACE FUNCTION shuangsui_publication_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION '公示记录（ID %）不能删除', OLD.id USING ERRCODE = 'P0001';
  END IF;
  IF NEW.id <> OLD.id OR NEW.record_id <> OLD.record_id OR NEW.status NOT IN ('pending', 'published') THEN
    RAISE EXCEPTION '公示记录（ID %）的标识不能修改', OLD.id USING ERRCODE = 'P0001';
  END IF;
  IF OLD.status = 'published' AND (NEW.status <> 'published' OR NEW.published_at IS DISTINCT FROM OLD.published_at
      OR NEW.published_by IS DISTINCT FROM OLD.published_by) THEN
    RAISE EXCEPTION '公示记录（ID %）已公开，不能撤回', OLD.id USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER publications_guard BEFORE UPDATE OR DELETE ON publications FOR EACH ROW EXECUTE FUNCTION shuangsui_publication_guard();
--> statement-breakpoint
CREATE TRIGGER publications_no_truncate BEFORE TRUNCATE ON publications FOR EACH STATEMENT EXECUTE FUNCTION shuangsui_refuse_change();
