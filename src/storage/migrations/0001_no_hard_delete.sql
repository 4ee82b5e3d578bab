-- Directory records, their events and their version history are never hard-deleted: a record or an
-- audit may need them. Records leave the directories by status (注销/关闭) or `active = false`.
-- The database itself refuses, so no code path (or hand-written SQL) can bypass the rule.
CREATE OR REPLACE FUNCTION shuangsui_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '不允许删除 % 中的记录（只能注销或停用）', TG_TABLE_NAME USING ERRCODE = 'P0001';
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION shuangsui_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% 中的记录只能追加，不能修改或删除', TG_TABLE_NAME USING ERRCODE = 'P0001';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER organizations_no_delete BEFORE DELETE ON organizations FOR EACH ROW EXECUTE FUNCTION shuangsui_refuse_delete();
--> statement-breakpoint
CREATE TRIGGER departments_no_delete BEFORE DELETE ON departments FOR EACH ROW EXECUTE FUNCTION shuangsui_refuse_delete();
--> statement-breakpoint
CREATE TRIGGER squads_no_delete BEFORE DELETE ON squads FOR EACH ROW EXECUTE FUNCTION shuangsui_refuse_delete();
--> statement-breakpoint
CREATE TRIGGER users_no_delete BEFORE DELETE ON users FOR EACH ROW EXECUTE FUNCTION shuangsui_refuse_delete();
--> statement-breakpoint
CREATE TRIGGER targets_no_delete BEFORE DELETE ON targets FOR EACH ROW EXECUTE FUNCTION shuangsui_refuse_delete();
--> statement-breakpoint
CREATE TRIGGER target_events_no_delete BEFORE DELETE ON target_events FOR EACH ROW EXECUTE FUNCTION shuangsui_refuse_delete();
--> statement-breakpoint
CREATE TRIGGER inspectors_no_delete BEFORE DELETE ON inspectors FOR EACH ROW EXECUTE FUNCTION shuangsui_refuse_delete();
--> statement-breakpoint
CREATE TRIGGER inspector_conflicts_no_delete BEFORE DELETE ON inspector_conflicts FOR EACH ROW EXECUTE FUNCTION shuangsui_refuse_delete();
--> statement-breakpoint
CREATE TRIGGER items_no_delete BEFORE DELETE ON items FOR EACH ROW EXECUTE FUNCTION shuangsui_refuse_delete();
--> statement-breakpoint
CREATE TRIGGER record_versions_append_only BEFORE UPDATE OR DELETE ON record_versions FOR EACH ROW EXECUTE FUNCTION shuangsui_refuse_change();
