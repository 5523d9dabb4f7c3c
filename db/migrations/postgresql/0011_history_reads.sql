-- What the history is asked most, answered from its indexes alone.
--
-- The plan as at a day (storage.history.as_of) reads the rows no change after the day touched
-- (nor one recorded after the day it is known on) as they stand, and folds the history of those
-- a change other than their making touched later, or that were ever removed outright (an undo).
-- A paper as at a day asks whether anything that took effect by then was recorded after it.
-- Each clock's index now holds the other clock, the row and the kind of change as well, and the
-- removals have their own: no entry of the history itself is read to answer these, however
-- many entries there are.
DROP INDEX "row_history_effective_on";
CREATE INDEX "row_history_effective_on" ON "row_history" ("tbl", "effective_on", "recorded_at", "row_id", "kind");
DROP INDEX "row_history_recorded_at";
CREATE INDEX "row_history_recorded_at" ON "row_history" ("tbl", "recorded_at", "effective_on", "row_id", "kind");
CREATE INDEX "row_history_removed" ON "row_history" ("tbl", "kind", "row_id") WHERE "kind" = 'delete';
