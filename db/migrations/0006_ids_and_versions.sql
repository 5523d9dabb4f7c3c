-- Ids are never used twice: every table keeps the largest id it ever gave (AUTOINCREMENT), so
-- that an item made after an undo never takes the id of the one undone (a kept paper, the
-- history and the audit trail name items by id). SQLite cannot add AUTOINCREMENT to a table,
-- so storage.migrations rebuilds each table with it after this script, rows, indexes and
-- triggers unchanged, and starts each count at the largest id the history or the audit trail
-- ever named.
--
-- An item's version follows every change of what hangs off it (its links, progress updates,
-- revised targets, evidence), so that a form opened before such a change knows of it.

CREATE TRIGGER "action_link_versions_insert" AFTER INSERT ON "action_link"
BEGIN UPDATE "action" SET "version" = "version" + 1 WHERE "id" = NEW."action_id"; END;
CREATE TRIGGER "action_link_versions_delete" AFTER DELETE ON "action_link"
BEGIN UPDATE "action" SET "version" = "version" + 1 WHERE "id" = OLD."action_id"; END;

CREATE TRIGGER "progress_update_versions_insert" AFTER INSERT ON "progress_update"
BEGIN UPDATE "action" SET "version" = "version" + 1 WHERE "id" = NEW."action_id"; END;
CREATE TRIGGER "progress_update_versions_update" AFTER UPDATE ON "progress_update"
BEGIN UPDATE "action" SET "version" = "version" + 1 WHERE "id" IN (NEW."action_id", OLD."action_id"); END;
CREATE TRIGGER "progress_update_versions_delete" AFTER DELETE ON "progress_update"
BEGIN UPDATE "action" SET "version" = "version" + 1 WHERE "id" = OLD."action_id"; END;

CREATE TRIGGER "target_revision_versions_insert" AFTER INSERT ON "target_revision"
BEGIN
    UPDATE "action" SET "version" = "version" + 1 WHERE "id" = NEW."action_id";
    UPDATE "recommendation" SET "version" = "version" + 1 WHERE "id" = NEW."recommendation_id";
END;
CREATE TRIGGER "target_revision_versions_update" AFTER UPDATE ON "target_revision"
BEGIN
    UPDATE "action" SET "version" = "version" + 1 WHERE "id" IN (NEW."action_id", OLD."action_id");
    UPDATE "recommendation" SET "version" = "version" + 1 WHERE "id" IN (NEW."recommendation_id", OLD."recommendation_id");
END;
CREATE TRIGGER "target_revision_versions_delete" AFTER DELETE ON "target_revision"
BEGIN
    UPDATE "action" SET "version" = "version" + 1 WHERE "id" = OLD."action_id";
    UPDATE "recommendation" SET "version" = "version" + 1 WHERE "id" = OLD."recommendation_id";
END;

CREATE TRIGGER "evidence_submission_versions_insert" AFTER INSERT ON "evidence_submission"
BEGIN UPDATE "recommendation" SET "version" = "version" + 1 WHERE "id" = NEW."recommendation_id"; END;
CREATE TRIGGER "evidence_submission_versions_update" AFTER UPDATE ON "evidence_submission"
BEGIN
    UPDATE "recommendation" SET "version" = "version" + 1 WHERE "id" IN (NEW."recommendation_id", OLD."recommendation_id");
END;
CREATE TRIGGER "evidence_submission_versions_delete" AFTER DELETE ON "evidence_submission"
BEGIN UPDATE "recommendation" SET "version" = "version" + 1 WHERE "id" = OLD."recommendation_id"; END;
