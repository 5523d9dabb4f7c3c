-- An undo told from a new change, and what a file confirmed without changing it.
--
-- "undoes": on the entries an undo writes, the step whose entries they withdraw. A reader of the
-- history leaves out the undone step's entries and the undo's together (storage.field_times), so
-- an undone import no longer counts as when its values became known; a redo is written as a new
-- step and counts again. The undos recorded before this version have none (NULL): they are read
-- as before, as a change that sets the values back.
--
-- "row_confirmation": per import step, the records (and their fields) the file said again as
-- they stood: the values became known on its As at date too ("known_on"), though nothing was
-- written. One row per table, day and set of fields, its records' ids a JSON list. An undo of
-- the import writes a row naming it ("undoes", no records); a redo writes them again as a new
-- step. Steps are numbered as the history's (storage.history), and never share a number.
ALTER TABLE "row_history" ADD COLUMN "undoes" INTEGER;

CREATE TABLE "row_confirmation" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "step" INTEGER NOT NULL,
    "recorded_at" DATETIME NOT NULL,
    "known_on" TEXT,
    "tbl" TEXT NOT NULL,
    "fields" TEXT NOT NULL,
    "row_ids" TEXT NOT NULL,
    "undoes" INTEGER
);
CREATE INDEX "row_confirmation_tbl" ON "row_confirmation" ("tbl", "step");
CREATE INDEX "row_confirmation_step" ON "row_confirmation" ("step");

CREATE TRIGGER "row_confirmation_no_update" BEFORE UPDATE ON "row_confirmation"
BEGIN SELECT RAISE(ABORT, 'the history cannot be changed'); END;
CREATE TRIGGER "row_confirmation_no_delete" BEFORE DELETE ON "row_confirmation"
BEGIN SELECT RAISE(ABORT, 'the history cannot be changed'); END;
