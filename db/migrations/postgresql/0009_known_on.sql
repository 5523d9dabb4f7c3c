-- When what the history records became known (../0009_known_on.sql).
ALTER TABLE "row_history" ADD COLUMN "known_on" text;
