-- The demo, 010: places.
--
-- How the demo's files work (every file of data/demo/ that ends in .sql):
--   * They are plain SQL, run in the order of their names into a scratch
--     database whose tables have the schema's names and columns
--     (data/migrations/0001-records.sql) but none of its rules. Joinery
--     then writes each row through its validated path, as if typed into a
--     form, so every rule of the schema and the core applies to it.
--   * Values are written as a person types them: money in pounds (42500
--     is £42,500.00), dates as 2017-05-19, yes/no.
--   * A row names another row with ref('table', 'name'): the id of the one
--     row of that table with that name, made in this file or an earlier
--     one. A link (tasks, notes, tags) is record_kind + record_id.
--   * created_at and updated_at are not written: every record is stamped
--     with the time of the demo load (JOINERY_DEMO_TIMESTAMP).
--   * Facts come from the seed documents and are exact. What they do not
--     give (attendees, staff, individual grants, most dates and figures) is
--     fictional: invented people have example.org addresses and Ofcom's
--     drama numbers (07700 900xxx, 01632 960xxx); invented organisations
--     say so in their description. WORKSHOP.md lists what is illustrative.
--
-- Codes are the Office for National Statistics' codes.

INSERT INTO areas (name, level, parent_id, code, description) VALUES
  ('England', 'country', NULL, 'E92000001', NULL),
  ('Yorkshire and the Humber', 'region', ref('areas', 'England'), 'E12000003', NULL),
  ('North West', 'region', ref('areas', 'England'), 'E12000002', NULL);

INSERT INTO areas (name, level, parent_id, code, description) VALUES
  ('Bradford district and Craven', 'ics', ref('areas', 'Yorkshire and the Humber'), NULL,
   'The Bradford district and Craven: the health and care partners of the district of Bradford and of Craven, working together.'),
  ('Greater Manchester', 'ics', ref('areas', 'North West'), NULL,
   'The ten boroughs of Greater Manchester, which took charge of their health and social care under the Greater Manchester devolution agreement.');

INSERT INTO areas (name, level, parent_id, code, description) VALUES
  ('Bradford', 'district', ref('areas', 'Bradford district and Craven'), 'E08000032', 'The City of Bradford metropolitan district.'),
  ('Craven', 'district', ref('areas', 'Bradford district and Craven'), 'E07000163', 'Craven district, in North Yorkshire.'),
  ('Leeds', 'district', ref('areas', 'Yorkshire and the Humber'), 'E08000035', 'The city of Leeds.'),
  ('North Yorkshire', 'district', ref('areas', 'Yorkshire and the Humber'), 'E10000023', 'The county of North Yorkshire.'),
  ('Wigan', 'district', ref('areas', 'Greater Manchester'), 'E08000010', 'The metropolitan borough of Wigan.'),
  ('Trafford', 'district', ref('areas', 'Greater Manchester'), 'E08000009', 'The metropolitan borough of Trafford.'),
  ('Sefton', 'district', ref('areas', 'North West'), 'E08000014', 'The metropolitan borough of Sefton, in Merseyside.');

INSERT INTO areas (name, level, parent_id, code, description) VALUES
  ('Bingley', 'ward', ref('areas', 'Bradford'), NULL, 'Bingley, in the Bradford district.'),
  ('North West Leeds', 'ward', ref('areas', 'Leeds'), NULL,
   'The north-west of the city of Leeds (several wards).'),
  ('South Leeds', 'ward', ref('areas', 'Leeds'), NULL,
   'The south of the city of Leeds (several wards).');
