-- When what the history records became known, beside when it took effect and when it was recorded.
--
-- What a file brings became known on the file's As at date, however long after it was imported
-- (a 2022 file imported today tells what was known in 2022); an edit became known when it was
-- recorded (NULL: the day of "recorded_at"). An older file never takes back what became known
-- after its date (domain.reimport_rules), even a closure dated before it but typed in since.

ALTER TABLE "row_history" ADD COLUMN "known_on" TEXT;
