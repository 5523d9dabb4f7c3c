-- Audit rows name the step that made them ("Edit of action 1.1", "Undone: import of …"),
-- and a progress update can be removed softly: it keeps its row with "deleted_at" set, and
-- the latest progress of an action is the newest update that has not been removed.

ALTER TABLE "audit_entry" ADD COLUMN "step" TEXT;

ALTER TABLE "progress_update" ADD COLUMN "deleted_at" DATETIME;

DROP TRIGGER "progress_update_latest_after_insert";
DROP TRIGGER "progress_update_latest_after_update";
DROP TRIGGER "progress_update_latest_after_delete";

CREATE TRIGGER "progress_update_latest_after_insert" AFTER INSERT ON "progress_update"
BEGIN
    UPDATE "action" SET "latest_progress_id" = (
        SELECT p."id" FROM "progress_update" p
        WHERE p."action_id" = NEW."action_id" AND p."deleted_at" IS NULL
        ORDER BY p."as_at" DESC, p."id" DESC LIMIT 1
    ) WHERE "id" = NEW."action_id";
END;

CREATE TRIGGER "progress_update_latest_after_update" AFTER UPDATE ON "progress_update"
BEGIN
    UPDATE "action" SET "latest_progress_id" = (
        SELECT p."id" FROM "progress_update" p
        WHERE p."action_id" = "action"."id" AND p."deleted_at" IS NULL
        ORDER BY p."as_at" DESC, p."id" DESC LIMIT 1
    ) WHERE "id" IN (NEW."action_id", OLD."action_id");
END;

CREATE TRIGGER "progress_update_latest_after_delete" AFTER DELETE ON "progress_update"
BEGIN
    UPDATE "action" SET "latest_progress_id" = (
        SELECT p."id" FROM "progress_update" p
        WHERE p."action_id" = OLD."action_id" AND p."deleted_at" IS NULL
        ORDER BY p."as_at" DESC, p."id" DESC LIMIT 1
    ) WHERE "id" = OLD."action_id";
END;

-- Removing a progress update must find the action that points at it without reading them all.
CREATE INDEX "action_latest_progress_id" ON "action" ("latest_progress_id");
