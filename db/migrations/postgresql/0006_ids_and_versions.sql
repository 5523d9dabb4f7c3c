-- An item's version follows every change of what hangs off it (../0006_ids_and_versions.sql).
-- Ids are already never used twice on a server: identity columns never hand out an id again.
CREATE FUNCTION "parent_versions"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    action_ids integer[] := ARRAY[]::integer[];
    recommendation_ids integer[] := ARRAY[]::integer[];
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        IF TG_TABLE_NAME IN ('action_link', 'progress_update', 'target_revision') THEN
            action_ids := action_ids || NEW."action_id";
        END IF;
        IF TG_TABLE_NAME IN ('target_revision', 'evidence_submission') THEN
            recommendation_ids := recommendation_ids || NEW."recommendation_id";
        END IF;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF TG_TABLE_NAME IN ('action_link', 'progress_update', 'target_revision') THEN
            action_ids := action_ids || OLD."action_id";
        END IF;
        IF TG_TABLE_NAME IN ('target_revision', 'evidence_submission') THEN
            recommendation_ids := recommendation_ids || OLD."recommendation_id";
        END IF;
    END IF;
    UPDATE "action" SET "version" = "version" + 1 WHERE "id" = ANY(action_ids);
    UPDATE "recommendation" SET "version" = "version" + 1 WHERE "id" = ANY(recommendation_ids);
    RETURN NULL;
END $$;
CREATE TRIGGER "versions" AFTER INSERT OR DELETE ON "action_link"
    FOR EACH ROW EXECUTE FUNCTION "parent_versions"();
CREATE TRIGGER "versions" AFTER INSERT OR UPDATE OR DELETE ON "progress_update"
    FOR EACH ROW EXECUTE FUNCTION "parent_versions"();
CREATE TRIGGER "versions" AFTER INSERT OR UPDATE OR DELETE ON "target_revision"
    FOR EACH ROW EXECUTE FUNCTION "parent_versions"();
CREATE TRIGGER "versions" AFTER INSERT OR UPDATE OR DELETE ON "evidence_submission"
    FOR EACH ROW EXECUTE FUNCTION "parent_versions"();
