-- Each action keeps a pointer to its latest progress update, kept by a plpgsql trigger
-- (the SQLite triggers of ../0002_latest_progress.sql, in one function).

ALTER TABLE "action" ADD COLUMN "latest_progress_id" integer
    REFERENCES "progress_update" ("id") ON DELETE SET NULL DEFERRABLE;

UPDATE "action" SET "latest_progress_id" = (
    SELECT p."id" FROM "progress_update" p WHERE p."action_id" = "action"."id"
    ORDER BY p."as_at" DESC, p."id" DESC LIMIT 1
);

CREATE FUNCTION "progress_update_latest"() RETURNS trigger LANGUAGE plpgsql AS $$
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
        SELECT p."id" FROM "progress_update" p WHERE p."action_id" = a."id"
        ORDER BY p."as_at" DESC, p."id" DESC LIMIT 1
    ) WHERE a."id" = ANY (actions);
    RETURN NULL;
END $$;

CREATE TRIGGER "progress_update_latest" AFTER INSERT OR UPDATE OR DELETE ON "progress_update"
    FOR EACH ROW EXECUTE FUNCTION "progress_update_latest"();

CREATE INDEX "evidence_submission_awaiting" ON "evidence_submission" ("recommendation_id") WHERE "response" IS NULL;
