-- The plan's history: every row change with the day it took effect (valid time) beside the
-- time it was recorded (transaction time), so that the plan as it stood on any day can be
-- read back (storage.history). Written with the audit trail, from the same journal, and
-- append-only like it. "new" holds the whole row of an item made, the changed fields of an
-- update; "old" the whole row of one removed, the fields' values before an update (JSON).
-- Rows that stand in the database already get their history from the audit trail when this
-- version first opens the file (storage.history_backfill).

CREATE TABLE "row_history" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "step" INTEGER NOT NULL,
    "recorded_at" DATETIME NOT NULL,
    "effective_on" TEXT NOT NULL,
    "tbl" TEXT NOT NULL,
    "row_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL CHECK ("kind" IN ('create', 'update', 'delete')),
    "old" TEXT,
    "new" TEXT
);
CREATE INDEX "row_history_row" ON "row_history" ("tbl", "row_id", "effective_on");
CREATE INDEX "row_history_effective_on" ON "row_history" ("tbl", "effective_on");
CREATE INDEX "row_history_recorded_at" ON "row_history" ("tbl", "recorded_at");

CREATE TRIGGER "row_history_no_update" BEFORE UPDATE ON "row_history"
BEGIN SELECT RAISE(ABORT, 'the history cannot be changed'); END;
CREATE TRIGGER "row_history_no_delete" BEFORE DELETE ON "row_history"
BEGIN SELECT RAISE(ABORT, 'the history cannot be changed'); END;

-- The day each audit row took effect, beside the time it was recorded ("at").
ALTER TABLE "audit_entry" ADD COLUMN "effective_on" TEXT;
