-- A faulty demo file for tests/demo/test-demo-load.c: a grant that the
-- core refuses (awarded, but with no date of award), after every real row.

INSERT INTO grants (round_id, title, applicant_id, status, amount_awarded)
VALUES (ref('rounds', 'Round 1'), 'Awarded without a date', ref('organisations', 'Third Sector Leeds'), 'awarded', 1000);
