-- A progress update can be removed (softly: kept with the time it was removed, so that
-- Undo and Deleted items can bring it back); the latest-progress pointer ignores removed
-- updates. Each audit entry can carry the step it belongs to ("Undone: edit of action 1.1"),
-- so that History shows one line per step instead of pairs of rows.

ALTER TABLE "progress_update" ADD COLUMN "deleted_at" DATETIME;
ALTER TABLE "audit_entry" ADD COLUMN "step" TEXT;

DROP TRIGGER "progress_update_latest_after_insert";
DROP TRIGGER "progress_update_latest_after_update";
DROP TRIGGER "progress_update_latest_after_delete";

CREATE TRIGGER "progress_update_latest_after_insert" AFTER INSERT ON "progress_update"
BEGIN
    UPDATE "action" SET "latest_progress_id" = (
        SELECT p."id" FROM "progress_update" p WHERE p."action_id" = NEW."action_id" AND p."deleted_at" IS NULL
        ORDER BY p."as_at" DESC, p."id" DESC LIMIT 1
    ) WHERE "id" = NEW."action_id";
END;

CREATE TRIGGER "progress_update_latest_after_update" AFTER UPDATE ON "progress_update"
BEGIN
    UPDATE "action" SET "latest_progress_id" = (
        SELECT p."id" FROM "progress_update" p WHERE p."action_id" = "action"."id" AND p."deleted_at" IS NULL
        ORDER BY p."as_at" DESC, p."id" DESC LIMIT 1
    ) WHERE "id" IN (NEW."action_id", OLD."action_id");
END;

CREATE TRIGGER "progress_update_latest_after_delete" AFTER DELETE ON "progress_update"
BEGIN
    UPDATE "action" SET "latest_progress_id" = (
        SELECT p."id" FROM "progress_update" p WHERE p."action_id" = OLD."action_id" AND p."deleted_at" IS NULL
        ORDER BY p."as_at" DESC, p."id" DESC LIMIT 1
    ) WHERE "id" = OLD."action_id";
END;
