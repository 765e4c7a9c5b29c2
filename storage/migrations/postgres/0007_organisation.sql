-- The producer's organisation, asked once at the first self-assessment (issue 11) and written
-- on the Mẫu 02 report. NULL: never asked; '': the user chose to skip the question.
ALTER TABLE users ADD COLUMN org_name TEXT CHECK (org_name IS NULL OR length(org_name) <= 200);
