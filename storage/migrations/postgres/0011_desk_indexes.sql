-- The desk's list of registrations (issue 13): a page of 50 among 10,000 in well under 100 ms.
-- Each index holds what ordering and counting need (submission time, id, status), so a
-- province's list, or everyone's for admins, is walked in order without reading the table;
-- only the 50 rows shown are read whole.
CREATE INDEX registrations_by_province_submission
    ON registrations (province_code, submitted_at, id, status);
CREATE INDEX registrations_by_submission ON registrations (submitted_at, id, status);
