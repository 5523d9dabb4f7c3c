-- Each action keeps a pointer to its latest progress update, maintained by triggers, so
-- that the board can show and sort by the latest update without scanning the history.

ALTER TABLE "action" ADD COLUMN "latest_progress_id" INTEGER
    REFERENCES "progress_update" ("id") ON DELETE SET NULL;

UPDATE "action" SET "latest_progress_id" = (
    SELECT p."id" FROM "progress_update" p WHERE p."action_id" = "action"."id"
    ORDER BY p."as_at" DESC, p."id" DESC LIMIT 1
);

CREATE TRIGGER "progress_update_latest_after_insert" AFTER INSERT ON "progress_update"
BEGIN
    UPDATE "action" SET "latest_progress_id" = (
        SELECT p."id" FROM "progress_update" p WHERE p."action_id" = NEW."action_id"
        ORDER BY p."as_at" DESC, p."id" DESC LIMIT 1
    ) WHERE "id" = NEW."action_id";
END;

CREATE TRIGGER "progress_update_latest_after_update" AFTER UPDATE ON "progress_update"
BEGIN
    UPDATE "action" SET "latest_progress_id" = (
        SELECT p."id" FROM "progress_update" p WHERE p."action_id" = "action"."id"
        ORDER BY p."as_at" DESC, p."id" DESC LIMIT 1
    ) WHERE "id" IN (NEW."action_id", OLD."action_id");
END;

CREATE TRIGGER "progress_update_latest_after_delete" AFTER DELETE ON "progress_update"
BEGIN
    UPDATE "action" SET "latest_progress_id" = (
        SELECT p."id" FROM "progress_update" p WHERE p."action_id" = OLD."action_id"
        ORDER BY p."as_at" DESC, p."id" DESC LIMIT 1
    ) WHERE "id" = OLD."action_id";
END;

CREATE INDEX "evidence_submission_awaiting" ON "evidence_submission" ("recommendation_id") WHERE "response" IS NULL;
