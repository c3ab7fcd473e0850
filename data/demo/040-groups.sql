-- The demo, 040: boards, partnerships, networks and programmes, and who
-- sits on them.

INSERT INTO groups (name, kind, area_id, organisation_id, starts_on, website, description) VALUES
  ('Integration and Change Board', 'board', ref('areas', 'Bradford district and Craven'), NULL, NULL, NULL,
   'The board of the Bradford district and Craven on whose behalf the Learning and Innovation events are organised, to create a platform for innovation to grow and transform the way services are delivered across the district.'),
  ('Leeds Health and Wellbeing Board', 'board', ref('areas', 'Leeds'), ref('organisations', 'Leeds City Council'), NULL, NULL,
   'In its shadow year it crowd-sourced how digital products and social media can support people in the city who use health and social care services.'),
  ('Health and Social Care Transformation Board', 'board', ref('areas', 'Leeds'), NULL, NULL, NULL,
   'The city of Leeds'' board for the transformation of health and social care.'),
  ('Integrated Care and Support Pioneers', 'programme', ref('areas', 'England'), NULL, '2013-11-01', NULL,
   'The government''s 14 pioneer areas for integrated health and social care, created to champion local innovation and experimentation to improve services for local people, with national support and expertise. Care and Support Minister Norman Lamb MP invited areas to bid in May 2013, as part of a new national commitment to make joined-up health and social care ''the norm'' across England by 2018.'),
  ('Leeds integration pioneer partnership', 'partnership', ref('areas', 'Leeds'), ref('organisations', 'Leeds City Council'), '2013-11-01', NULL,
   'The partners who applied for Leeds to become a national pioneer site for integrated health and social care, supported by local and national third sector partners including Third Sector Leeds and local user groups. Leeds is one of the 14 pioneer areas.'),
  ('Healthy Cities Network', 'network', NULL, NULL, NULL, NULL,
   'The Europe-wide Healthy Cities Network, of which Leeds is part.'),
  ('URBACT 4D Cities', 'network', NULL, NULL, NULL, 'https://urbact.eu',
   'A European network on health innovation in cities, built on four drivers: the health service, business, citizens and knowledge, and a 360-degree strategy. Its experts visited Leeds and found the four drivers already in place.'),
  ('Leaders for Leeds', 'network', ref('areas', 'Leeds'), NULL, NULL, NULL,
   'Civic leadership across the city (#leadersforleeds), from small social enterprises and community groups to the chief executives of its major institutions.'),
  ('Stronger Communities programme', 'programme', ref('areas', 'North Yorkshire'), ref('organisations', 'North Yorkshire County Council'), NULL, NULL,
   'Supports future innovation in North Yorkshire after the last round of the Innovation Fund.'),
  ('The Deal', 'programme', ref('areas', 'Wigan'), ref('organisations', 'Wigan Council'), NULL, NULL,
   'Wigan''s plan of plans and budget strategy: an informal agreement between the council and everyone who lives or works in Wigan to work together to create a better borough. An asset-based approach that sees residents as individuals with strengths, assets, gifts and talents rather than a collection of needs and problems.'),
  ('Greater Manchester devolution', 'programme', ref('areas', 'Greater Manchester'), NULL, NULL, NULL,
   'The Greater Manchester devolution agenda and its call to ''take charge'' of health and social care outcomes.');

-- Chairs as the seeds name them; the rest as the seeds list them.
INSERT INTO group_members (group_id, person_id, organisation_id, role, starts_on) VALUES
  (ref('groups', 'Leeds Health and Wellbeing Board'), ref('people', 'Cllr Lisa Mulherin'), NULL, 'chair', NULL),
  (ref('groups', 'Health and Social Care Transformation Board'), ref('people', 'Dr Andy Harris'), NULL, 'chair', NULL),
  (ref('groups', 'URBACT 4D Cities'), ref('people', 'Mireia Sanàbria'), NULL, 'member', NULL),
  (ref('groups', 'Healthy Cities Network'), NULL, ref('organisations', 'Leeds City Council'), 'member', NULL),
  (ref('groups', 'Leeds integration pioneer partnership'), NULL, ref('organisations', 'Leeds City Council'), 'member', '2013-11-01'),
  (ref('groups', 'Leeds integration pioneer partnership'), NULL, ref('organisations', 'NHS Leeds North Clinical Commissioning Group'), 'member', '2013-11-01'),
  (ref('groups', 'Leeds integration pioneer partnership'), NULL, ref('organisations', 'NHS Leeds West Clinical Commissioning Group'), 'member', '2013-11-01'),
  (ref('groups', 'Leeds integration pioneer partnership'), NULL, ref('organisations', 'NHS Leeds South and East Clinical Commissioning Group'), 'member', '2013-11-01'),
  (ref('groups', 'Leeds integration pioneer partnership'), NULL, ref('organisations', 'Leeds Community Healthcare NHS Trust'), 'member', '2013-11-01'),
  (ref('groups', 'Leeds integration pioneer partnership'), NULL, ref('organisations', 'Leeds Teaching Hospitals NHS Trust'), 'member', '2013-11-01'),
  (ref('groups', 'Leeds integration pioneer partnership'), NULL, ref('organisations', 'Leeds and York Partnership NHS Foundation Trust'), 'member', '2013-11-01'),
  (ref('groups', 'Leeds integration pioneer partnership'), NULL, ref('organisations', 'Third Sector Leeds'), 'partner', '2013-11-01'),
  (ref('groups', 'Leeds integration pioneer partnership'), NULL, ref('organisations', 'Leeds Care Users'' Forum'), 'partner', '2013-11-01'),
  -- Fictional officers.
  (ref('groups', 'Integration and Change Board'), ref('people', 'Philippa Wade'), NULL, 'secretary', '2016-06-01'),
  (ref('groups', 'Leeds integration pioneer partnership'), ref('people', 'Gemma Sykes'), NULL, 'secretary', '2013-11-04'),
  (ref('groups', 'Stronger Communities programme'), ref('people', 'Martin Greaves'), NULL, 'member', '2017-02-01');
