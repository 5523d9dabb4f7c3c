-- The first schema: inspections, recommendations (and areas for development), actions,
-- links, dated progress, target revisions, evidence submissions, the audit trail and
-- remembered import mappings. Applied inside one transaction by storage.migrations.

CREATE TABLE "inspection" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL CHECK (length(trim("title")) > 0),
    "inspectorate" TEXT,
    "kind" TEXT,
    "published" TEXT,
    "owning_group" TEXT,
    "challenges_risks" TEXT,
    "plan_title" TEXT,
    "as_at" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" DATETIME NOT NULL,
    "deleted_at" DATETIME
);
CREATE UNIQUE INDEX "inspection_title" ON "inspection" ("title");

CREATE TABLE "recommendation" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "inspection_id" INTEGER NOT NULL REFERENCES "inspection" ("id") ON DELETE CASCADE,
    "kind" TEXT NOT NULL DEFAULT 'recommendation'
        CHECK ("kind" IN ('recommendation', 'area_for_development')),
    "number" INTEGER NOT NULL CHECK ("number" > 0),
    "text" TEXT NOT NULL,
    "owner" TEXT,
    "initial_target" TEXT,
    "status" TEXT NOT NULL DEFAULT 'open'
        CHECK ("status" IN ('open', 'evidence_submitted', 'closed')),
    "status_text" TEXT,
    "position" TEXT,
    "impact" TEXT,
    "outcomes" TEXT,
    "standing_override" TEXT CHECK ("standing_override" IN ('on_track', 'delayed')),
    "standing_override_reason" TEXT,
    "delay_reason" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deleted_at" DATETIME
);
CREATE UNIQUE INDEX "recommendation_inspection_id_kind_number"
    ON "recommendation" ("inspection_id", "kind", "number");

CREATE TABLE "action" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "recommendation_id" INTEGER NOT NULL REFERENCES "recommendation" ("id") ON DELETE CASCADE,
    "position" INTEGER NOT NULL CHECK ("position" > 0),
    "text" TEXT NOT NULL,
    "owner" TEXT,
    "target" TEXT,
    "status" TEXT CHECK ("status" IN ('not_started', 'in_progress', 'complete', 'transferred', 'withdrawn')),
    "status_text" TEXT,
    "links_text" TEXT,
    "next_steps" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deleted_at" DATETIME
);
CREATE UNIQUE INDEX "action_recommendation_id_position" ON "action" ("recommendation_id", "position");

CREATE TABLE "action_link" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "action_id" INTEGER NOT NULL REFERENCES "action" ("id") ON DELETE CASCADE,
    "target_id" INTEGER NOT NULL REFERENCES "action" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "action_link_action_id_target_id" ON "action_link" ("action_id", "target_id");
CREATE INDEX "action_link_target_id" ON "action_link" ("target_id");

CREATE TABLE "progress_update" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "action_id" INTEGER NOT NULL REFERENCES "action" ("id") ON DELETE CASCADE,
    "as_at" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL
);
CREATE INDEX "progress_update_action_id_as_at" ON "progress_update" ("action_id", "as_at");

CREATE TABLE "target_revision" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "recommendation_id" INTEGER REFERENCES "recommendation" ("id") ON DELETE CASCADE,
    "action_id" INTEGER REFERENCES "action" ("id") ON DELETE CASCADE,
    "target" TEXT NOT NULL,
    "reason" TEXT,
    "revised_on" DATETIME NOT NULL,
    CHECK (("recommendation_id" IS NULL) <> ("action_id" IS NULL))
);
CREATE INDEX "target_revision_recommendation_id" ON "target_revision" ("recommendation_id");
CREATE INDEX "target_revision_action_id" ON "target_revision" ("action_id");

CREATE TABLE "evidence_submission" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "recommendation_id" INTEGER NOT NULL REFERENCES "recommendation" ("id") ON DELETE CASCADE,
    "sent_on" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "proposes_closure" INTEGER NOT NULL DEFAULT 1,
    "response_on" TEXT,
    "response" TEXT CHECK ("response" IN ('accepted', 'more_requested')),
    "response_text" TEXT
);
CREATE INDEX "evidence_submission_recommendation_id" ON "evidence_submission" ("recommendation_id");

CREATE TABLE "audit_entry" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL,
    "user" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entity_id" INTEGER NOT NULL,
    "change" TEXT NOT NULL,
    "field" TEXT,
    "old_value" TEXT,
    "new_value" TEXT
);
CREATE INDEX "audit_entry_entity" ON "audit_entry" ("entity", "entity_id");

-- The audit trail is append-only.
CREATE TRIGGER "audit_entry_no_update" BEFORE UPDATE ON "audit_entry"
BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END;
CREATE TRIGGER "audit_entry_no_delete" BEFORE DELETE ON "audit_entry"
BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END;

CREATE TABLE "import_mapping" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "signature" TEXT NOT NULL,
    "mapping" TEXT NOT NULL,
    "used_at" DATETIME NOT NULL
);
CREATE UNIQUE INDEX "import_mapping_signature" ON "import_mapping" ("signature");
