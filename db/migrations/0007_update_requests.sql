-- Update requests (issue 23): the owners' directory, the requests sent to them as workbooks,
-- their returns, and what an owner asked for (a revised target, a status) for the secretary
-- to accept. The directory, the returns and the asks are journalled like the plan (undoable,
-- in the history); a request sent is a record of files written, kept as it was sent.

-- The owners: a name as the plan writes it, an address for the email draft, a group.
CREATE TABLE "owner" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL UNIQUE CHECK (length(trim("name")) > 0),
    "email" TEXT,
    "grp" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1
);

-- This database's identity and the key its requests' hidden records are signed with (made
-- once, here): a return signed with another key is from another database, or was changed.
CREATE TABLE "request_key" (
    "id" INTEGER NOT NULL PRIMARY KEY CHECK ("id" = 1),
    "database_id" TEXT NOT NULL,
    "secret" TEXT NOT NULL
);
INSERT INTO "request_key" ("id", "database_id", "secret")
VALUES (1, lower(hex(randomblob(16))), lower(hex(randomblob(32))));

-- A request sent: to whom, when, by when, the plan as at which day, the workbook written,
-- and its record (JSON: each row's action and the values sent).
CREATE TABLE "update_request" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "token" TEXT NOT NULL UNIQUE,
    "owner" TEXT NOT NULL,
    "email" TEXT,
    "sent_on" TEXT NOT NULL,
    "due_on" TEXT NOT NULL,
    "as_at" TEXT NOT NULL,
    "inspections" TEXT NOT NULL DEFAULT '[]',
    "path" TEXT NOT NULL,
    "record" TEXT NOT NULL,
    "rows" INTEGER NOT NULL,
    "created_at" DATETIME NOT NULL
);

-- A return imported: the day the owner saved it (or wrote), the rows filled, what each row
-- said and what became of it (JSON), and a digest of what was filled, so that the same
-- return imported again changes nothing.
CREATE TABLE "request_return" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "request_id" INTEGER NOT NULL REFERENCES "update_request" ("id") ON DELETE CASCADE,
    "digest" TEXT NOT NULL,
    "saved_on" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "rows_filled" INTEGER NOT NULL,
    "rows" TEXT NOT NULL DEFAULT '[]',
    "imported_at" DATETIME NOT NULL
);
CREATE UNIQUE INDEX "request_return_request_id_digest" ON "request_return" ("request_id", "digest");

-- What an owner asked for: a revised target (with the reason) or a status (complete, or
-- proposed for closure), waiting for the secretary (decision NULL), accepted or declined.
CREATE TABLE "owner_ask" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "action_id" INTEGER NOT NULL REFERENCES "action" ("id") ON DELETE CASCADE,
    "return_id" INTEGER REFERENCES "request_return" ("id") ON DELETE CASCADE,
    "owner" TEXT NOT NULL,
    "asked_on" TEXT NOT NULL,
    "kind" TEXT NOT NULL CHECK ("kind" IN ('target', 'status')),
    "target" TEXT,
    "status" TEXT CHECK ("status" IN ('complete', 'proposed_for_closure')),
    "reason" TEXT,
    "decision" TEXT CHECK ("decision" IN ('accepted', 'declined')),
    "decided_on" TEXT
);
CREATE INDEX "owner_ask_action_id" ON "owner_ask" ("action_id");
CREATE INDEX "owner_ask_return_id" ON "owner_ask" ("return_id");

CREATE TRIGGER "owner_ask_versions_insert" AFTER INSERT ON "owner_ask"
BEGIN UPDATE "action" SET "version" = "version" + 1 WHERE "id" = NEW."action_id"; END;
CREATE TRIGGER "owner_ask_versions_update" AFTER UPDATE ON "owner_ask"
BEGIN UPDATE "action" SET "version" = "version" + 1 WHERE "id" IN (NEW."action_id", OLD."action_id"); END;
CREATE TRIGGER "owner_ask_versions_delete" AFTER DELETE ON "owner_ask"
BEGIN UPDATE "action" SET "version" = "version" + 1 WHERE "id" = OLD."action_id"; END;

-- A progress update an owner returned says whose it is ("from DCI Smith" in History).
ALTER TABLE "progress_update" ADD COLUMN "from_owner" TEXT;
