-- The demo, 020: organisations.
--
-- First those the seed documents name, with only what they say (and their
-- public web sites); then fictional ones, which say so in their
-- description and have example.org addresses and Ofcom drama numbers.

-- Named in the seeds.
INSERT INTO organisations (name, kind, area_id, website, description) VALUES
  ('Bradford Council', 'council', ref('areas', 'Bradford'), 'https://www.bradford.gov.uk',
   'City of Bradford Metropolitan District Council.'),
  ('Airedale NHS Foundation Trust', 'nhs_trust', ref('areas', 'Bradford district and Craven'), NULL, NULL),
  ('Leeds City Council', 'council', ref('areas', 'Leeds'), 'https://www.leeds.gov.uk', NULL),
  ('NHS Leeds North Clinical Commissioning Group', 'ccg', ref('areas', 'Leeds'), NULL,
   'One of the three Leeds clinical commissioning groups.'),
  ('NHS Leeds West Clinical Commissioning Group', 'ccg', ref('areas', 'Leeds'), NULL,
   'One of the three Leeds clinical commissioning groups.'),
  ('NHS Leeds South and East Clinical Commissioning Group', 'ccg', ref('areas', 'Leeds'), NULL,
   'One of the three Leeds clinical commissioning groups.'),
  ('Leeds Community Healthcare NHS Trust', 'nhs_trust', ref('areas', 'Leeds'), NULL, NULL),
  ('Leeds Teaching Hospitals NHS Trust', 'nhs_trust', ref('areas', 'Leeds'), NULL,
   'Where an open source portal was developed by Tony Shannon.'),
  ('Leeds and York Partnership NHS Foundation Trust', 'nhs_trust', ref('areas', 'Leeds'), NULL, NULL),
  ('Third Sector Leeds', 'voluntary', ref('areas', 'Leeds'), NULL,
   'The voice of the third sector in Leeds; a partner of the city''s bid for integration pioneer status.'),
  ('NHS Information Centre', 'national_body', ref('areas', 'England'), NULL, NULL),
  ('NHS Commissioning Board', 'national_body', ref('areas', 'England'), NULL, NULL),
  ('North Yorkshire County Council', 'council', ref('areas', 'North Yorkshire'), 'https://www.northyorks.gov.uk',
   'Its Health and Adult Services Directorate funded the Innovation Fund.'),
  ('Wigan Council', 'council', ref('areas', 'Wigan'), 'https://www.wigan.gov.uk',
   'Wigan Metropolitan Borough Council: the council of the Deal.'),
  ('Trafford Council', 'council', ref('areas', 'Trafford'), 'https://www.trafford.gov.uk', NULL),
  ('Pennine Care NHS Foundation Trust', 'nhs_trust', ref('areas', 'Greater Manchester'), NULL,
   'Trafford Council''s partner in integrated health and social care services.'),
  ('Sefton Council for Voluntary Service', 'voluntary', ref('areas', 'Sefton'), NULL, NULL),
  ('Sefton Council', 'council', ref('areas', 'Sefton'), 'https://www.sefton.gov.uk', NULL),
  ('Health Education England', 'national_body', ref('areas', 'England'), NULL,
   'NHS Health Education England, whose awards recognise education and training in the NHS.');

-- Fictional: in the Bradford district and Craven, where October's
-- delegates come from.
INSERT INTO organisations (name, kind, area_id, website, email, phone, address, description) VALUES
  ('Heatonbrook Medical Practice', 'gp_practice', ref('areas', 'Bradford'),
   'https://heatonbrook-practice.example.org', 'reception@heatonbrook-practice.example.org', '01632 960101',
   '12 Heatonbrook Road, Bradford', 'Fictional GP practice (demo data).'),
  ('Thornleigh Health Centre', 'gp_practice', ref('areas', 'Bradford'),
   'https://thornleigh-health.example.org', 'enquiries@thornleigh-health.example.org', '01632 960102',
   'Thornleigh Lane, Keighley', 'Fictional GP practice (demo data).'),
  ('Aire Valley Carers'' Network', 'voluntary', ref('areas', 'Bradford district and Craven'),
   'https://airevalley-carers.example.org', 'hello@airevalley-carers.example.org', '01632 960103',
   NULL, 'Fictional charity supporting unpaid carers (demo data).'),
  ('Millstream Community Kitchen', 'community_group', ref('areas', 'Bradford'),
   NULL, 'millstream.kitchen@example.org', '01632 960104',
   NULL, 'Fictional community group: shared meals and cookery (demo data).'),
  ('Hawkscar Housing and Support', 'social_enterprise', ref('areas', 'Bradford district and Craven'),
   'https://hawkscar.example.org', 'info@hawkscar.example.org', '01632 960105',
   NULL, 'Fictional social enterprise: supported housing and floating support (demo data).'),
  ('Worthbeck Community Association', 'community_group', ref('areas', 'Craven'),
   NULL, 'worthbeck.ca@example.org', '01632 960106',
   NULL, 'Fictional community association (demo data).');

-- Fictional: in Leeds.
INSERT INTO organisations (name, kind, area_id, website, email, description) VALUES
  ('Leeds Care Users'' Forum', 'community_group', ref('areas', 'Leeds'),
   NULL, 'forum@leeds-care-users.example.org',
   'Fictional user group of people who use health and social care services, one of the local user groups behind the pioneer bid (demo data).'),
  ('Kirkgate Health Labs', 'business', ref('areas', 'Leeds'),
   'https://kirkgate-labs.example.com', 'team@kirkgate-labs.example.com',
   'Fictional digital health start-up (demo data).');

-- Fictional: North Yorkshire's voluntary and community organisations,
-- the Innovation Fund's grant holders.
INSERT INTO organisations (name, kind, area_id, website, email, phone, description) VALUES
  ('Hollinthwaite Good Neighbours', 'community_group', ref('areas', 'North Yorkshire'), NULL, 'goodneighbours@hollinthwaite.example.org', '01632 960201', 'Fictional community group (demo data).'),
  ('Kettlescar Community Transport', 'voluntary', ref('areas', 'North Yorkshire'), 'https://kettlescar-transport.example.org', 'bookings@kettlescar-transport.example.org', '01632 960202', 'Fictional charity (demo data).'),
  ('Marrowby Memory Café Network', 'voluntary', ref('areas', 'North Yorkshire'), NULL, 'cafes@marrowby.example.org', '01632 960203', 'Fictional charity (demo data).'),
  ('Ulverdale Men''s Shed', 'community_group', ref('areas', 'North Yorkshire'), NULL, 'shed@ulverdale.example.org', NULL, 'Fictional community group (demo data).'),
  ('Skelbrook Carers'' Circle', 'voluntary', ref('areas', 'North Yorkshire'), NULL, 'circle@skelbrook-carers.example.org', '01632 960205', 'Fictional charity (demo data).'),
  ('Fellham Seafront Wellbeing Hub', 'social_enterprise', ref('areas', 'North Yorkshire'), 'https://fellham-hub.example.org', 'hub@fellham-hub.example.org', '01632 960206', 'Fictional social enterprise on the coast (demo data).'),
  ('Cragholme Befriending', 'voluntary', ref('areas', 'North Yorkshire'), NULL, 'befriending@cragholme.example.org', '01632 960207', 'Fictional charity (demo data).'),
  ('Heatherby Walking for Health', 'community_group', ref('areas', 'North Yorkshire'), NULL, 'walks@heatherby.example.org', NULL, 'Fictional community group (demo data).'),
  ('Barrowbeck Home Help Cooperative', 'social_enterprise', ref('areas', 'North Yorkshire'), 'https://barrowbeck-homehelp.example.org', 'office@barrowbeck-homehelp.example.org', '01632 960209', 'Fictional cooperative (demo data).'),
  ('Eskwith Rural Lunch Clubs', 'voluntary', ref('areas', 'North Yorkshire'), NULL, 'lunch@eskwith.example.org', '01632 960210', 'Fictional charity (demo data).'),
  ('Ravensgarth Volunteer Drivers', 'voluntary', ref('areas', 'North Yorkshire'), NULL, 'drivers@ravensgarth.example.org', '01632 960211', 'Fictional charity (demo data).'),
  ('Oakenby Time Bank', 'community_group', ref('areas', 'North Yorkshire'), NULL, 'timebank@oakenby.example.org', NULL, 'Fictional community group (demo data).'),
  ('Thwaitegarth Handyperson Service', 'social_enterprise', ref('areas', 'North Yorkshire'), NULL, 'jobs@thwaitegarth-handy.example.org', '01632 960213', 'Fictional social enterprise (demo data).'),
  ('Kettlescar Stroke Club', 'voluntary', ref('areas', 'North Yorkshire'), NULL, 'club@kettlescar-stroke.example.org', NULL, 'Fictional charity (demo data).'),
  ('Brackenbeck Friendship Line', 'voluntary', ref('areas', 'North Yorkshire'), NULL, 'line@brackenbeck.example.org', '01632 960215', 'Fictional charity (demo data).'),
  ('Swarthby Peer Support', 'voluntary', ref('areas', 'North Yorkshire'), NULL, 'peers@swarthby.example.org', '01632 960216', 'Fictional charity (demo data).'),
  ('Lowmoor Social Prescribing Partnership', 'voluntary', ref('areas', 'North Yorkshire'), 'https://lowmoor-sp.example.org', 'link@lowmoor-sp.example.org', '01632 960217', 'Fictional charity (demo data).'),
  ('Kirkholme Kitchen Table', 'community_group', ref('areas', 'North Yorkshire'), NULL, 'kitchentable@kirkholme.example.org', NULL, 'Fictional community group (demo data).'),
  ('Fellham Eldercare Cooperative', 'social_enterprise', ref('areas', 'North Yorkshire'), NULL, 'care@fellham-coop.example.org', '01632 960219', 'Fictional cooperative (demo data).'),
  ('Oakenby Tea and Talk', 'community_group', ref('areas', 'North Yorkshire'), NULL, 'teaandtalk@oakenby.example.org', NULL, 'Fictional community group (demo data).'),
  ('Cragholme Living Well', 'voluntary', ref('areas', 'North Yorkshire'), NULL, 'livingwell@cragholme.example.org', '01632 960221', 'Fictional charity (demo data).'),
  -- Known to the network but not (yet) funded: exercise 3 of WORKSHOP.md.
  ('Ulverdale Digital Buddies', 'voluntary', ref('areas', 'North Yorkshire'), NULL, 'buddies@ulverdale.example.org', '01632 960222', 'Fictional charity: volunteers who help older people get online (demo data).');
