-- The journal, the items' versions and the latest progress pointer kept by statement triggers
-- that read the rows a statement changed as a whole (transition tables), in place of row
-- triggers that ran a statement of their own for every row: an import of 5,000 actions ran
-- some 30,000 trigger calls and 15,000 updates of "action" one row at a time. What they keep
-- is unchanged: a row's version goes up once for each row under it that changed, an update
-- that changes only what the database keeps by itself (version, latest_progress_id) is no
-- change for the journal, and sessions without pg_temp.hmics_journal record nothing. The
-- triggers that keep those columns say so while their own update runs ("hmics.derived", a setting of
-- the transaction), and the journal then does not compare 5,000 rows to find no change.

CREATE FUNCTION "hmics_journal_rows"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF to_regclass('pg_temp.hmics_journal') IS NULL
            OR (TG_OP = 'UPDATE' AND current_setting('hmics.derived', true) = 'on') THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        INSERT INTO pg_temp.hmics_journal (tbl, row_id, old, new)
        SELECT TG_TABLE_NAME, n."id", NULL, row_to_json(n)::text FROM "new_rows" n;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO pg_temp.hmics_journal (tbl, row_id, old, new)
        SELECT TG_TABLE_NAME, n."id", row_to_json(o)::text, row_to_json(n)::text
        FROM "new_rows" n JOIN "old_rows" o ON o."id" = n."id"
        WHERE (to_jsonb(o) - 'version' - 'latest_progress_id')
            IS DISTINCT FROM (to_jsonb(n) - 'version' - 'latest_progress_id')
        ORDER BY n."id";
    ELSE
        INSERT INTO pg_temp.hmics_journal (tbl, row_id, old, new)
        SELECT TG_TABLE_NAME, o."id", row_to_json(o)::text, NULL FROM "old_rows" o;
    END IF;
    RETURN NULL;
END $$;

-- Each item's version goes up once for every row under it inserted or deleted ("changed_rows")…
-- and an action's latest progress is its newest update not removed, kept in the same update.
CREATE FUNCTION "parent_versions_of_rows"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('hmics.derived', 'on', true);
    IF TG_TABLE_NAME IN ('action_link', 'progress_update', 'target_revision') THEN
        UPDATE "action" a SET "version" = a."version" + c.n,
            "latest_progress_id" = CASE WHEN TG_TABLE_NAME = 'progress_update' THEN (
                SELECT p."id" FROM "progress_update" p
                WHERE p."action_id" = a."id" AND p."deleted_at" IS NULL
                ORDER BY p."as_at" DESC, p."id" DESC LIMIT 1
            ) ELSE a."latest_progress_id" END
        FROM (SELECT "action_id" AS id, count(*) AS n FROM "changed_rows" GROUP BY 1) c WHERE a."id" = c.id;
    END IF;
    IF TG_TABLE_NAME IN ('target_revision', 'evidence_submission') THEN
        UPDATE "recommendation" r SET "version" = r."version" + c.n
        FROM (SELECT "recommendation_id" AS id, count(*) AS n FROM "changed_rows" GROUP BY 1) c WHERE r."id" = c.id;
    END IF;
    PERFORM set_config('hmics.derived', 'off', true);
    RETURN NULL;
END $$;

-- … and for every row under it updated (under it before or after, once either way).
CREATE FUNCTION "parent_versions_of_updates"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('hmics.derived', 'on', true);
    IF TG_TABLE_NAME IN ('action_link', 'progress_update', 'target_revision') THEN
        UPDATE "action" a SET "version" = a."version" + c.n,
            "latest_progress_id" = CASE WHEN TG_TABLE_NAME = 'progress_update' THEN (
                SELECT p."id" FROM "progress_update" p
                WHERE p."action_id" = a."id" AND p."deleted_at" IS NULL
                ORDER BY p."as_at" DESC, p."id" DESC LIMIT 1
            ) ELSE a."latest_progress_id" END
        FROM (SELECT parent AS id, count(*) AS n FROM (
            SELECT DISTINCT n."id" AS child, p.parent FROM "new_rows" n JOIN "old_rows" o ON o."id" = n."id",
                LATERAL (VALUES (n."action_id"), (o."action_id")) p (parent)
        ) pairs GROUP BY parent) c WHERE a."id" = c.id;
    END IF;
    IF TG_TABLE_NAME IN ('target_revision', 'evidence_submission') THEN
        UPDATE "recommendation" r SET "version" = r."version" + c.n
        FROM (SELECT parent AS id, count(*) AS n FROM (
            SELECT DISTINCT n."id" AS child, p.parent FROM "new_rows" n JOIN "old_rows" o ON o."id" = n."id",
                LATERAL (VALUES (n."recommendation_id"), (o."recommendation_id")) p (parent)
        ) pairs GROUP BY parent) c WHERE r."id" = c.id;
    END IF;
    PERFORM set_config('hmics.derived', 'off', true);
    RETURN NULL;
END $$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['inspection', 'recommendation', 'action', 'action_link', 'progress_update',
                             'target_revision', 'evidence_submission', 'owner', 'request_return', 'owner_ask',
                             'list_entry'] LOOP
        EXECUTE format('DROP TRIGGER "journal" ON %I', t);
        EXECUTE format('CREATE TRIGGER "journal_insert" AFTER INSERT ON %I REFERENCING NEW TABLE AS "new_rows" '
                       'FOR EACH STATEMENT EXECUTE FUNCTION "hmics_journal_rows"()', t);
        EXECUTE format('CREATE TRIGGER "journal_update" AFTER UPDATE ON %I '
                       'REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" '
                       'FOR EACH STATEMENT EXECUTE FUNCTION "hmics_journal_rows"()', t);
        EXECUTE format('CREATE TRIGGER "journal_delete" AFTER DELETE ON %I REFERENCING OLD TABLE AS "old_rows" '
                       'FOR EACH STATEMENT EXECUTE FUNCTION "hmics_journal_rows"()', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['action_link', 'progress_update', 'target_revision', 'evidence_submission'] LOOP
        EXECUTE format('DROP TRIGGER "versions" ON %I', t);
        EXECUTE format('CREATE TRIGGER "versions_insert" AFTER INSERT ON %I REFERENCING NEW TABLE AS "changed_rows" '
                       'FOR EACH STATEMENT EXECUTE FUNCTION "parent_versions_of_rows"()', t);
        EXECUTE format('CREATE TRIGGER "versions_delete" AFTER DELETE ON %I REFERENCING OLD TABLE AS "changed_rows" '
                       'FOR EACH STATEMENT EXECUTE FUNCTION "parent_versions_of_rows"()', t);
        IF t <> 'action_link' THEN  -- a link is inserted or deleted, never updated
            EXECUTE format('CREATE TRIGGER "versions_update" AFTER UPDATE ON %I '
                           'REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" '
                           'FOR EACH STATEMENT EXECUTE FUNCTION "parent_versions_of_updates"()', t);
        END IF;
    END LOOP;
END $$;

DROP TRIGGER "progress_update_latest" ON "progress_update";

DROP FUNCTION "hmics_journal_row"();
DROP FUNCTION "parent_versions"();
DROP FUNCTION "progress_update_latest"();
