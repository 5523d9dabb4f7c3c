-- What a file confirmed, named in History (../0014_confirmations_named.sql).
ALTER TABLE "row_confirmation" ADD COLUMN "step_name" text;
ALTER TABLE "row_confirmation" ADD COLUMN "user" text;
