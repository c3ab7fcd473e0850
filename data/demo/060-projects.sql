-- The demo, 060: projects, their partners, themes and earlier stages.
--
-- A project's current stage goes into its stage history by itself when
-- Joinery writes it (stage and stage_since below); project_stages holds
-- only the stages before it.

-- Bradford district and Craven: the five established projects showcased at
-- October's morning workshops. The seed says no more about them: the stage
-- date is the day they were showcased.
INSERT INTO projects (name, summary, lead_organisation_id, area_id, stage, stage_since) VALUES
  ('Primary Care Wellbeing Service', 'One of five established health and care projects that showcased their approach to delivering new models of care at the morning workshops of the Learning and Innovation event in October 2016.', NULL, ref('areas', 'Bradford district and Craven'), 'established', '2016-10-13'),
  ('Bradford Beating Diabetes', 'One of five established health and care projects that showcased their approach to delivering new models of care at the morning workshops of the Learning and Innovation event in October 2016.', NULL, ref('areas', 'Bradford district and Craven'), 'established', '2016-10-13'),
  ('Gold Line Service', 'One of five established health and care projects that showcased their approach to delivering new models of care at the morning workshops of the Learning and Innovation event in October 2016.', NULL, ref('areas', 'Bradford district and Craven'), 'established', '2016-10-13'),
  ('Bradford''s Healthy Hearts', 'One of five established health and care projects that showcased their approach to delivering new models of care at the morning workshops of the Learning and Innovation event in October 2016.', NULL, ref('areas', 'Bradford district and Craven'), 'established', '2016-10-13'),
  ('The Sanctuary at Mind', 'One of five established health and care projects that showcased their approach to delivering new models of care at the morning workshops of the Learning and Innovation event in October 2016.', NULL, ref('areas', 'Bradford district and Craven'), 'established', '2016-10-13');

-- Leeds: the digital agenda of the civic leadership event.
INSERT INTO projects (name, summary, lead_organisation_id, area_id, stage, stage_since) VALUES
  ('Digital Health Centre of Excellence', 'The proposal that Leeds be seen as a centre of excellence in the development and delivery of digital health and digitally enabled social care, put to the civic leadership event for Leaders for Leeds to champion.', NULL, ref('areas', 'Leeds'), 'idea', '2012-11-08'),
  ('Leeds Teaching Hospitals open source portal', 'The excellent open source portal developed at Leeds Teaching Hospitals by Tony Shannon.', ref('organisations', 'Leeds Teaching Hospitals NHS Trust'), ref('areas', 'Leeds'), 'established', '2012-11-08'),
  ('GoOn Leeds', 'One of the city''s digital initiatives.', NULL, ref('areas', 'Leeds'), 'established', '2012-11-08'),
  ('Leeds Social Media Surgeries', 'Social media surgeries at the Civic Hall.', NULL, ref('areas', 'Leeds'), 'established', '2012-11-08'),
  ('Leeds Digital Festival', 'The city''s digital festival.', NULL, ref('areas', 'Leeds'), 'established', '2012-11-08');

-- Trafford and Sefton: the joint winners of the Integrated Working North
-- West Award.
INSERT INTO projects (name, summary, lead_organisation_id, area_id, stage, stage_since, starts_on) VALUES
  ('i-Care', 'An integrated working project that focused exclusively on the workforce: it built the capacity to implement a partner-wide change programme, to accelerate the integration of services with Pennine Care NHS Foundation Trust and to develop a robust, considered and tailored approach to joint workforce development. Its three themes, all age integration, family engagement and commissioning, spanned most services; health and social care staff were trained to think and act differently and to work across traditional organisational divides, and service users received better care and advice as a result. Joint winner of an NHS award; the foundation for the integrated service of the next 12 to 24 months.', ref('organisations', 'Trafford Council'), ref('areas', 'Trafford'), 'established', '2016-01-04', '2015-09-01'),
  ('New Realities (Merseyside)', 'Sefton''s integrated working project, joint winner of the Integrated Working North West Award.', ref('organisations', 'Sefton Council for Voluntary Service'), ref('areas', 'Sefton'), 'established', '2016-01-04', NULL);

INSERT INTO project_partners (project_id, organisation_id, role) VALUES
  (ref('projects', 'i-Care'), ref('organisations', 'Pennine Care NHS Foundation Trust'), 'Partner in integrated health and social care services'),
  (ref('projects', 'New Realities (Merseyside)'), ref('organisations', 'Sefton Council'), 'Partner');

-- North Yorkshire: the 28 projects the Innovation Fund paid for (fictional;
-- their grants are in 070-funds.sql). Stages follow their grants: round 1
-- and 2 projects have grown or ended, round 3 ones are established, round
-- 4 ones are pilots.
INSERT INTO projects (name, lead_organisation_id, area_id, stage, stage_since, starts_on, ends_on, summary) VALUES
  ('Good Neighbours on call', ref('organisations', 'Hollinthwaite Good Neighbours'), ref('areas', 'North Yorkshire'), 'embedded', '2016-10-01', '2014-10-01', NULL, 'Neighbours on call for older people living alone in the village (fictional).'),
  ('Wheels to wellbeing', ref('organisations', 'Kettlescar Community Transport'), ref('areas', 'North Yorkshire'), 'scaling', '2016-04-01', '2014-10-01', NULL, 'Community transport to day activities and clubs (fictional).'),
  ('Memory cafés in every market town', ref('organisations', 'Marrowby Memory Café Network'), ref('areas', 'North Yorkshire'), 'embedded', '2016-10-01', '2014-10-01', NULL, 'Monthly cafés for people living with dementia and their carers (fictional).'),
  ('Sheds for health', ref('organisations', 'Ulverdale Men''s Shed'), ref('areas', 'North Yorkshire'), 'established', '2015-10-01', '2014-10-01', NULL, 'A men''s shed with health checks on site (fictional).'),
  ('Carers'' breaks at home', ref('organisations', 'Skelbrook Carers'' Circle'), ref('areas', 'North Yorkshire'), 'embedded', '2016-10-01', '2014-10-01', NULL, 'Trained volunteers sit with the cared-for person so that carers can take a break (fictional).'),
  ('Seafront social prescribing', ref('organisations', 'Fellham Seafront Wellbeing Hub'), ref('areas', 'North Yorkshire'), 'scaling', '2016-04-01', '2014-10-01', NULL, 'GP referrals to activities along the seafront (fictional).'),
  ('Telephone befriending', ref('organisations', 'Cragholme Befriending'), ref('areas', 'North Yorkshire'), 'established', '2015-10-01', '2014-10-01', NULL, 'A weekly call from the same volunteer (fictional).'),
  ('Dales walks', ref('organisations', 'Heatherby Walking for Health'), ref('areas', 'North Yorkshire'), 'closed', '2015-09-30', '2014-10-01', '2015-09-30', 'Led walks for people recovering from illness; ended with its grant (fictional).'),
  ('Help at home after hospital', ref('organisations', 'Barrowbeck Home Help Cooperative'), ref('areas', 'North Yorkshire'), 'established', '2016-05-01', '2015-05-01', NULL, 'Practical help for the first weeks at home after a hospital stay (fictional).'),
  ('Lunch clubs on the moors', ref('organisations', 'Eskwith Rural Lunch Clubs'), ref('areas', 'North Yorkshire'), 'established', '2016-05-01', '2015-05-01', NULL, 'Lunch clubs in village halls (fictional).'),
  ('Volunteer drivers for appointments', ref('organisations', 'Ravensgarth Volunteer Drivers'), ref('areas', 'North Yorkshire'), 'established', '2016-05-01', '2015-05-01', NULL, 'Lifts to health appointments (fictional).'),
  ('Time banking for older people', ref('organisations', 'Oakenby Time Bank'), ref('areas', 'North Yorkshire'), 'established', '2016-05-01', '2015-05-01', NULL, 'An hour given, an hour received (fictional).'),
  ('Good Neighbours winter warmth', ref('organisations', 'Hollinthwaite Good Neighbours'), ref('areas', 'North Yorkshire'), 'established', '2016-05-01', '2015-05-01', NULL, 'Winter checks on warmth and food (fictional).'),
  ('Falls-prevention handyperson', ref('organisations', 'Thwaitegarth Handyperson Service'), ref('areas', 'North Yorkshire'), 'established', '2016-05-01', '2015-05-01', NULL, 'Small repairs and grab rails that prevent falls (fictional).'),
  ('Dementia-friendly communities', ref('organisations', 'Marrowby Memory Café Network'), ref('areas', 'North Yorkshire'), 'established', '2016-05-01', '2015-05-01', NULL, 'Dementia awareness for shops and services (fictional).'),
  ('Life after stroke', ref('organisations', 'Kettlescar Stroke Club'), ref('areas', 'North Yorkshire'), 'established', '2017-02-01', '2016-02-01', NULL, 'Peer groups for stroke survivors (fictional).'),
  ('Friendship line', ref('organisations', 'Brackenbeck Friendship Line'), ref('areas', 'North Yorkshire'), 'established', '2017-02-01', '2016-02-01', NULL, 'A telephone friendship line (fictional).'),
  ('Peer support for mental health', ref('organisations', 'Swarthby Peer Support'), ref('areas', 'North Yorkshire'), 'established', '2017-02-01', '2016-02-01', NULL, 'Peer support groups led by people with lived experience (fictional).'),
  ('Social prescribing in the dales', ref('organisations', 'Lowmoor Social Prescribing Partnership'), ref('areas', 'North Yorkshire'), 'established', '2017-02-01', '2016-02-01', NULL, 'Link workers in rural GP practices (fictional).'),
  ('Kitchen table conversations', ref('organisations', 'Kirkholme Kitchen Table'), ref('areas', 'North Yorkshire'), 'established', '2017-02-01', '2016-02-01', NULL, 'Conversations about what matters, at home (fictional).'),
  ('Shed on wheels', ref('organisations', 'Ulverdale Men''s Shed'), ref('areas', 'North Yorkshire'), 'established', '2017-02-01', '2016-02-01', NULL, 'A mobile men''s shed for outlying villages (fictional).'),
  ('Eldercare cooperative', ref('organisations', 'Fellham Eldercare Cooperative'), ref('areas', 'North Yorkshire'), 'established', '2017-02-01', '2016-02-01', NULL, 'Care workers who own their cooperative (fictional).'),
  ('Living well at home', ref('organisations', 'Cragholme Living Well'), ref('areas', 'North Yorkshire'), 'pilot', '2017-02-01', '2017-02-01', NULL, 'Help to stay well and independent at home (fictional).'),
  ('Tea and talk', ref('organisations', 'Oakenby Tea and Talk'), ref('areas', 'North Yorkshire'), 'pilot', '2017-02-01', '2017-02-01', NULL, 'Weekly drop-in for people who feel lonely (fictional).'),
  ('Reablement volunteers', ref('organisations', 'Barrowbeck Home Help Cooperative'), ref('areas', 'North Yorkshire'), 'pilot', '2017-02-01', '2017-02-01', NULL, 'Volunteers who support reablement at home (fictional).'),
  ('Carers'' digital peer network', ref('organisations', 'Skelbrook Carers'' Circle'), ref('areas', 'North Yorkshire'), 'pilot', '2017-02-01', '2017-02-01', NULL, 'Carers supporting each other online (fictional).'),
  ('Meals and more', ref('organisations', 'Eskwith Rural Lunch Clubs'), ref('areas', 'North Yorkshire'), 'pilot', '2017-02-01', '2017-02-01', NULL, 'Meals delivered with a chat and a check (fictional).'),
  ('Green gyms', ref('organisations', 'Heatherby Walking for Health'), ref('areas', 'North Yorkshire'), 'pilot', '2017-02-01', '2017-02-01', NULL, 'Outdoor conservation work as exercise (fictional).');

-- Their earlier stages: each began as a pilot when its grant started.
INSERT INTO project_stages (project_id, stage, started_on, note)
SELECT id, 'pilot', starts_on, 'Began as a pilot with its Innovation Fund grant.'
FROM projects
WHERE area_id = ref('areas', 'North Yorkshire') AND stage <> 'pilot'
ORDER BY id;

INSERT INTO project_themes (project_id, theme_id) VALUES
  (ref('projects', 'Primary Care Wellbeing Service'), ref('themes', 'New models of care')),
  (ref('projects', 'Bradford Beating Diabetes'), ref('themes', 'New models of care')),
  (ref('projects', 'Gold Line Service'), ref('themes', 'New models of care')),
  (ref('projects', 'Bradford''s Healthy Hearts'), ref('themes', 'New models of care')),
  (ref('projects', 'The Sanctuary at Mind'), ref('themes', 'New models of care')),
  (ref('projects', 'Digital Health Centre of Excellence'), ref('themes', 'Digital health')),
  (ref('projects', 'Leeds Teaching Hospitals open source portal'), ref('themes', 'Digital health')),
  (ref('projects', 'Leeds Teaching Hospitals open source portal'), ref('themes', 'Open source')),
  (ref('projects', 'GoOn Leeds'), ref('themes', 'Digital health')),
  (ref('projects', 'Leeds Social Media Surgeries'), ref('themes', 'Digital health')),
  (ref('projects', 'Leeds Digital Festival'), ref('themes', 'Digital health')),
  (ref('projects', 'i-Care'), ref('themes', 'All age integration')),
  (ref('projects', 'i-Care'), ref('themes', 'Family engagement')),
  (ref('projects', 'i-Care'), ref('themes', 'Commissioning'));
-- The North Yorkshire projects take their grant's theme in 070-funds.sql.
