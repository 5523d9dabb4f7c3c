-- Themes, grading and delay categories.
--
-- A recommendation (or area for development) has a theme from an editable list, a grading
-- (high, medium, low, or none) and, when delayed, a category from another editable list
-- beside its delay reason. The lists are rows of "list_entry", changed as any other part of
-- the plan (undoable, in the history). Until a list is first changed it holds the words it starts
-- with (storage.lists: Police Scotland's six themes, a few common delay categories), written
-- into it by that first change. A kept paper may include the dashboard's pictures.
ALTER TABLE "recommendation" ADD COLUMN "theme" TEXT;
ALTER TABLE "recommendation" ADD COLUMN "grading" TEXT CHECK ("grading" IN ('high', 'medium', 'low'));
ALTER TABLE "recommendation" ADD COLUMN "delay_category" TEXT;

CREATE TABLE "list_entry" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL CHECK ("kind" IN ('theme', 'delay_category')),
    "name" TEXT NOT NULL CHECK (length(trim("name")) > 0),
    "position" INTEGER NOT NULL
);
CREATE UNIQUE INDEX "list_entry_kind_name" ON "list_entry" ("kind", "name");

ALTER TABLE "committee_paper" ADD COLUMN "dashboard" INTEGER NOT NULL DEFAULT 0;
