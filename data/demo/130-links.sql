-- The demo, 130: what links the five places.
--
-- Each place's story stands on its own in the files before this one. What
-- the seed documents say links them, and nothing more:
--   * Craven is in North Yorkshire, where adult social care is North
--     Yorkshire County Council's: its health and social care staff in
--     Craven are among the people "from the Bradford district and Craven"
--     at October's Learning and Innovation event (two fictional ones here).
--   * North Yorkshire's Innovation Fund and Wigan's Deal are the two case
--     studies of whole-area innovation in the same guide, "Growing
--     innovative models of health, care and support for adults".
--   * Trafford works "in the context of the Greater Manchester Devolution
--     agenda"; Wigan is one of the ten boroughs of Greater Manchester (see
--     its area in 010-areas.sql).
--   * Leeds is one of the 14 national integration pioneers.
--   * The NHS: the trusts and commissioners of the Bradford district and
--     Craven, of Leeds and of Trafford that the seeds name, and the
--     national NHS bodies they name (the NHS Information Centre and the NHS
--     Commissioning Board in Leeds, Health Education England, whose award
--     Trafford shared).

INSERT INTO groups (name, kind, area_id, organisation_id, starts_on, website, description) VALUES
  ('Whole-area innovation case studies', 'network', ref('areas', 'England'), NULL, NULL, NULL,
   'The places that the guide "Growing innovative models of health, care and support for adults" holds up as whole-area innovation — a system-wide vision and strategy for scaling and embedding the best models of care, a concerted, whole-system approach to identifying, developing and scaling innovations — in the two case studies of its section on whole-area innovation: the North Yorkshire Innovation Fund and Wigan''s place-based approach, the Deal. Recorded as a group so that the places others learn from together are seen together; the guide says nothing of work between them.'),
  ('The NHS in England', 'network', ref('areas', 'England'), NULL, NULL, NULL,
   'The national health service: the NHS trusts and clinical commissioning groups the documents name in the Bradford district and Craven, Leeds and Greater Manchester, with the national NHS bodies they name — the NHS Information Centre and the NHS Commissioning Board, both in Leeds, and Health Education England, whose NHS award Trafford Council shared. The documents say no more of how they work together.');

INSERT INTO group_members (group_id, person_id, organisation_id, role, starts_on) VALUES
  (ref('groups', 'Whole-area innovation case studies'), NULL, ref('organisations', 'North Yorkshire County Council'), 'member', NULL),
  (ref('groups', 'Whole-area innovation case studies'), NULL, ref('organisations', 'Wigan Council'), 'member', NULL),
  (ref('groups', 'Greater Manchester devolution'), NULL, ref('organisations', 'Trafford Council'), 'member', NULL),
  (ref('groups', 'Greater Manchester devolution'), NULL, ref('organisations', 'Wigan Council'), 'member', NULL),
  (ref('groups', 'Integrated Care and Support Pioneers'), NULL, ref('organisations', 'Leeds City Council'), 'member', '2013-11-01'),
  (ref('groups', 'The NHS in England'), NULL, ref('organisations', 'Airedale NHS Foundation Trust'), 'member', NULL),
  (ref('groups', 'The NHS in England'), NULL, ref('organisations', 'NHS Leeds North Clinical Commissioning Group'), 'member', NULL),
  (ref('groups', 'The NHS in England'), NULL, ref('organisations', 'NHS Leeds West Clinical Commissioning Group'), 'member', NULL),
  (ref('groups', 'The NHS in England'), NULL, ref('organisations', 'NHS Leeds South and East Clinical Commissioning Group'), 'member', NULL),
  (ref('groups', 'The NHS in England'), NULL, ref('organisations', 'Leeds Community Healthcare NHS Trust'), 'member', NULL),
  (ref('groups', 'The NHS in England'), NULL, ref('organisations', 'Leeds Teaching Hospitals NHS Trust'), 'member', NULL),
  (ref('groups', 'The NHS in England'), NULL, ref('organisations', 'Leeds and York Partnership NHS Foundation Trust'), 'member', NULL),
  (ref('groups', 'The NHS in England'), NULL, ref('organisations', 'Pennine Care NHS Foundation Trust'), 'member', NULL),
  (ref('groups', 'The NHS in England'), NULL, ref('organisations', 'NHS Information Centre'), 'member', NULL),
  (ref('groups', 'The NHS in England'), NULL, ref('organisations', 'NHS Commissioning Board'), 'member', NULL),
  (ref('groups', 'The NHS in England'), NULL, ref('organisations', 'Health Education England'), 'member', NULL);

-- Fictional: North Yorkshire County Council's adult social care staff in
-- Craven, at October's event.
INSERT INTO people (name, job_title, organisation_id, email, phone, consent_to_contact, consent_recorded_on) VALUES
  ('Ruth Holmes', 'Social worker, Craven', ref('organisations', 'North Yorkshire County Council'), 'ruth.holmes@example.org', '01632 960032', 'yes', '2016-09-21'),
  ('Stephen Ingham', 'Care manager, Craven', ref('organisations', 'North Yorkshire County Council'), 'stephen.ingham@example.org', '01632 960033', 'yes', '2016-09-21');

INSERT INTO attendances (event_id, person_id, session_id, status, role, ticket_type, booked_on) VALUES
  (ref('events', 'Learning and Innovation event, October 2016'), ref('people', 'Ruth Holmes'), ref('sessions', 'Showcase: Gold Line Service'), 'attended', 'delegate', 'Delegate', '2016-09-21'),
  (ref('events', 'Learning and Innovation event, October 2016'), ref('people', 'Stephen Ingham'), ref('sessions', 'Showcase: Primary Care Wellbeing Service'), 'attended', 'delegate', 'Delegate', '2016-09-21');
