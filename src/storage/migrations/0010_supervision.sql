CREATE TABLE "notification_reads" (
	"notification_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"read_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_reads_notification_id_user_id_pk" PRIMARY KEY("notification_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "notifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_id" integer NOT NULL,
	"kind" text NOT NULL,
	"reminder_id" integer,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"due" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reminders" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "reminders_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_id" integer NOT NULL,
	"key" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"detail" text,
	"due" date NOT NULL,
	"remind_on" date NOT NULL,
	"fired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scheduler_runs" (
	"job" text NOT NULL,
	"run_on" date NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "scheduler_runs_job_run_on_pk" PRIMARY KEY("job","run_on")
);
--> statement-breakpoint
ALTER TABLE "notification_reads" ADD CONSTRAINT "notification_reads_notification_id_notifications_id_fk" FOREIGN KEY ("notification_id") REFERENCES "public"."notifications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_reads" ADD CONSTRAINT "notification_reads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_reminder_id_reminders_id_fk" FOREIGN KEY ("reminder_id") REFERENCES "public"."reminders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notifications_org_idx" ON "notifications" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_reminder_uq" ON "notifications" USING btree ("reminder_id") WHERE reminder_id IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "reminders_org_key_uq" ON "reminders" USING btree ("org_id","key");--> statement-breakpoint
CREATE INDEX "reminders_pending_idx" ON "reminders" USING btree ("remind_on") WHERE fired_at IS NULL;--> statement-breakpoint
CREATE INDEX "inspection_records_org_day_idx" ON "inspection_records" USING btree ("org_id","inspected_on") WHERE status = 'submitted';--> statement-breakpoint
CREATE INDEX "publications_draw_idx" ON "publications" USING btree ("draw_id");--> statement-breakpoint
-- Reminders, notifications and the scheduler's runs are never deleted; a notification never changes.
CREATE TRIGGER reminders_no_delete BEFORE DELETE ON reminders FOR EACH ROW EXECUTE FUNCTION shuangsui_refuse_delete();--> statement-breakpoint
CREATE TRIGGER notifications_append_only BEFORE UPDATE OR DELETE ON notifications FOR EACH ROW EXECUTE FUNCTION shuangsui_refuse_change();--> statement-breakpoint
CREATE TRIGGER notification_reads_no_delete BEFORE DELETE ON notification_reads FOR EACH ROW EXECUTE FUNCTION shuangsui_refuse_delete();--> statement-breakpoint
CREATE TRIGGER scheduler_runs_no_delete BEFORE DELETE ON scheduler_runs FOR EACH ROW EXECUTE FUNCTION shuangsui_refuse_delete();
