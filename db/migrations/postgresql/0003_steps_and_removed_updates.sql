-- Audit rows name the step that made them, and a progress update can be removed softly:
-- the latest progress of an action is the newest update that has not been removed.

ALTER TABLE "audit_entry" ADD COLUMN "step" text;

ALTER TABLE "progress_update" ADD COLUMN "deleted_at" text;

CREATE OR REPLACE FUNCTION "progress_update_latest"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    actions integer[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        actions := ARRAY[NEW."action_id"];
    ELSIF TG_OP = 'UPDATE' THEN
        actions := ARRAY[NEW."action_id", OLD."action_id"];
    ELSE
        actions := ARRAY[OLD."action_id"];
    END IF;
    UPDATE "action" a SET "latest_progress_id" = (
        SELECT p."id" FROM "progress_update" p
        WHERE p."action_id" = a."id" AND p."deleted_at" IS NULL
        ORDER BY p."as_at" DESC, p."id" DESC LIMIT 1
    ) WHERE a."id" = ANY (actions);
    RETURN NULL;
END $$;

CREATE INDEX "action_latest_progress_id" ON "action" ("latest_progress_id");
