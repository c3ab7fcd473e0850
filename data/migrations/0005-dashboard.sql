-- Joinery schema, migration 5: indexes for the home dashboard.
--
-- The dashboard counts organisations by kind and adds up the grants
-- awarded in the financial year on every opening and every change
-- (app/core/joinery-dashboard.c). Without these two indexes both read
-- their whole table: on a network of a million people that is 100,000
-- organisations sorted by kind, and every grant. With them, each is a
-- walk along a small index.
CREATE INDEX IF NOT EXISTS organisations_kind ON organisations (kind);
CREATE INDEX IF NOT EXISTS grants_awarded ON grants (awarded_on);
