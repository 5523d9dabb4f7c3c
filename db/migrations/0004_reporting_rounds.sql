-- Reporting rounds and committee papers (issue 11). Numbered 0003 on its branch; it
-- becomes 0004 when merged after the lead's 0003.
--
-- A recommendation's closure date: set when HMICS accepts the evidence, by hand, or from
-- the date of an imported closure list. Closed recommendations of older databases take
-- the date of HMICS's accepted response where there is one; otherwise the date stays
-- unknown and a paper counts them as closed on any date.
ALTER TABLE "recommendation" ADD COLUMN "closed_on" TEXT;

UPDATE "recommendation" SET "closed_on" = (
    SELECT e."response_on" FROM "evidence_submission" e
    WHERE e."recommendation_id" = "recommendation"."id" AND e."response" = 'accepted'
    ORDER BY e."response_on" DESC, e."id" DESC LIMIT 1
) WHERE "status" = 'closed';

-- A meeting of a committee and the period since the last one: "closed since last
-- meeting" means closed after "since" and on or before the paper's "as at" date.
CREATE TABLE "reporting_round" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "committee" TEXT NOT NULL CHECK (length(trim("committee")) > 0),
    "meeting_on" TEXT NOT NULL,
    "location" TEXT,
    "since" TEXT,
    "created_at" DATETIME NOT NULL
);

-- A paper for a round: its kind, "as at" date, the inspections it covers, the
-- recommendations left out of it, and the secretary's text (JSON, section by section).
CREATE TABLE "committee_paper" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "round_id" INTEGER NOT NULL REFERENCES "reporting_round" ("id") ON DELETE CASCADE,
    "kind" TEXT NOT NULL CHECK ("kind" IN ('update', 'progress')),
    "as_at" TEXT NOT NULL,
    "inspections" TEXT NOT NULL DEFAULT '[]',
    "hidden" TEXT NOT NULL DEFAULT '[]',
    "narrative" TEXT NOT NULL DEFAULT '{}',
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "deleted_at" DATETIME
);
CREATE INDEX "committee_paper_round_id" ON "committee_paper" ("round_id");
CREATE INDEX "recommendation_closed_on" ON "recommendation" ("closed_on") WHERE "closed_on" IS NOT NULL;
