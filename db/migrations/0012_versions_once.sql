-- Nothing changes in a file: SQLite's row triggers keep the versions row by row, and a file has
-- no second version of a row to write. (postgresql/0012_versions_once.sql lets a server's import
-- keep its actions' versions and latest progress in one pass.)
SELECT 1;
