-- An action's version and latest progress kept once for a whole write, not once per statement.
--
-- An import inserts its actions, then their progress updates, then their links: the statement
-- triggers of 0010 then updated every one of those actions twice (a second and a third version
-- of each row, their index entries and foreign keys checked again, the journal's transition
-- tables filled to no purpose). A writer may now say that it owes the versions
-- (hmics_versions_later(), for the rest of its transaction or until it settles them): the
-- triggers then note what each statement owes each action and recommendation (the same counts
-- as before), and hmics_versions_now() adds them up in one update of each table, the latest
-- progress taken again for every action whose updates changed. A version goes up by exactly
-- what it went up by before (the sum of the same counts), and the latest progress is the newest
-- update not removed, as before; between the two calls they are not yet kept. Without the call
-- nothing changes: the triggers update the rows at once, as in 0010. An import's new actions are
-- not written twice at all: it inserts them with what their rows give them (storage.new_action_rows).

CREATE FUNCTION "hmics_versions_later"() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    CREATE TEMP TABLE IF NOT EXISTS "hmics_versions_owed" (
        "tbl" text NOT NULL, "parent_id" bigint, "n" integer NOT NULL, "progress" boolean NOT NULL
    );
    PERFORM set_config('hmics.versions_later', 'on', true);
END $$;

-- "settled": actions the writer inserted with their version and latest progress already given
-- (an import's new actions: it knows what their rows give them), owed nothing.
CREATE FUNCTION "hmics_versions_now"("settled" integer[] DEFAULT '{}') RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('hmics.versions_later', true) IS DISTINCT FROM 'on' THEN
        RETURN;
    END IF;
    PERFORM set_config('hmics.versions_later', 'off', true);
    PERFORM set_config('hmics.derived', 'on', true);
    UPDATE "action" a SET "version" = a."version" + o.n,
        "latest_progress_id" = CASE WHEN o.progress THEN (
            SELECT p."id" FROM "progress_update" p
            WHERE p."action_id" = a."id" AND p."deleted_at" IS NULL
            ORDER BY p."as_at" DESC, p."id" DESC LIMIT 1
        ) ELSE a."latest_progress_id" END
    FROM (SELECT "parent_id" AS id, sum("n") AS n, bool_or("progress") AS progress
          FROM pg_temp."hmics_versions_owed" w WHERE "tbl" = 'action'
              AND NOT EXISTS (SELECT FROM unnest("settled") s (id) WHERE s.id = w."parent_id")
          GROUP BY 1) o
    WHERE a."id" = o.id;
    UPDATE "recommendation" r SET "version" = r."version" + o.n
    FROM (SELECT "parent_id" AS id, sum("n") AS n
          FROM pg_temp."hmics_versions_owed" WHERE "tbl" = 'recommendation' GROUP BY 1) o
    WHERE r."id" = o.id;
    DELETE FROM pg_temp."hmics_versions_owed";
    PERFORM set_config('hmics.derived', 'off', true);
END $$;

-- Each item's version goes up once for every row under it inserted or deleted ("changed_rows")…
-- and an action's latest progress is its newest update not removed, kept in the same update.
CREATE OR REPLACE FUNCTION "parent_versions_of_rows"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('hmics.versions_later', true) = 'on' THEN
        IF TG_TABLE_NAME IN ('action_link', 'progress_update', 'target_revision') THEN
            INSERT INTO pg_temp."hmics_versions_owed" ("tbl", "parent_id", "n", "progress")
            SELECT 'action', "action_id", count(*), TG_TABLE_NAME = 'progress_update' FROM "changed_rows" GROUP BY 2;
        END IF;
        IF TG_TABLE_NAME IN ('target_revision', 'evidence_submission') THEN
            INSERT INTO pg_temp."hmics_versions_owed" ("tbl", "parent_id", "n", "progress")
            SELECT 'recommendation', "recommendation_id", count(*), false FROM "changed_rows" GROUP BY 2;
        END IF;
        RETURN NULL;
    END IF;
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
CREATE OR REPLACE FUNCTION "parent_versions_of_updates"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('hmics.versions_later', true) = 'on' THEN
        IF TG_TABLE_NAME IN ('action_link', 'progress_update', 'target_revision') THEN
            INSERT INTO pg_temp."hmics_versions_owed" ("tbl", "parent_id", "n", "progress")
            SELECT 'action', parent, count(*), TG_TABLE_NAME = 'progress_update' FROM (
                SELECT DISTINCT n."id" AS child, p.parent FROM "new_rows" n JOIN "old_rows" o ON o."id" = n."id",
                    LATERAL (VALUES (n."action_id"), (o."action_id")) p (parent)
            ) pairs GROUP BY parent;
        END IF;
        IF TG_TABLE_NAME IN ('target_revision', 'evidence_submission') THEN
            INSERT INTO pg_temp."hmics_versions_owed" ("tbl", "parent_id", "n", "progress")
            SELECT 'recommendation', parent, count(*), false FROM (
                SELECT DISTINCT n."id" AS child, p.parent FROM "new_rows" n JOIN "old_rows" o ON o."id" = n."id",
                    LATERAL (VALUES (n."recommendation_id"), (o."recommendation_id")) p (parent)
            ) pairs GROUP BY parent;
        END IF;
        RETURN NULL;
    END IF;
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
