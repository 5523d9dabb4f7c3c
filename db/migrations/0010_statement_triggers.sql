-- Nothing changes in a file: SQLite has row triggers only, and a file has no round trips.
-- (postgresql/0010_statement_triggers.sql makes a server's journal and versions set-wise.)
SELECT 1;
