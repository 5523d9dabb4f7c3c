-- What a file confirmed, named in History: the step that confirmed it, as the audit trail names its
-- step ("Import of Crime Audit 2020"), and who made it. Confirmations recorded before this
-- version have neither (NULL): History names them "an import".
ALTER TABLE "row_confirmation" ADD COLUMN "step_name" TEXT;
ALTER TABLE "row_confirmation" ADD COLUMN "user" TEXT;
