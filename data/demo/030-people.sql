-- The demo, 030: people.
--
-- First the people the seed documents name, in the public roles they give
-- them and nothing more: no email, no telephone, no consent to contact.
-- Then fictional staff with parts to play in the story and the workshop,
-- then fictional delegates, made by a query so that their names,
-- addresses and numbers follow one visible rule.

-- Named in the seeds.
INSERT INTO people (name, job_title, organisation_id) VALUES
  ('Kersten England', 'Chief Executive', ref('organisations', 'Bradford Council')),
  ('Karl Mainprize', 'Executive Medical Director', ref('organisations', 'Airedale NHS Foundation Trust')),
  ('Cllr Lisa Mulherin', 'Chair, Leeds Health and Wellbeing Board', ref('organisations', 'Leeds City Council')),
  ('Dr Andy Harris', 'GP; Chief Clinical Officer', ref('organisations', 'NHS Leeds South and East Clinical Commissioning Group')),
  ('Mireia Sanàbria', 'URBACT 4D Cities Lead Expert', NULL),
  ('Norman Lamb MP', 'Care and Support Minister', NULL),
  ('Rob Webster', 'Chief executive of one of the Leeds NHS trusts', NULL),
  ('Donna Hall', 'Chief Executive', ref('organisations', 'Wigan Council')),
  ('Jill Colbert', 'Interim Corporate Director for Children, Families and Wellbeing', ref('organisations', 'Trafford Council')),
  ('Richard Spearing', 'Integrated Network Director for Pennine Care and Trafford Council', ref('organisations', 'Pennine Care NHS Foundation Trust'));

-- Fictional staff.
INSERT INTO people (name, job_title, organisation_id, email, phone, consent_to_contact, consent_recorded_on) VALUES
  -- The surname is misspelt on purpose (her email has it right):
  -- exercise 1 of WORKSHOP.md finds and corrects it.
  ('Hannah Ashwoth', 'Integration programme officer', ref('organisations', 'Bradford Council'), 'hannah.ashworth@example.org', '01632 960014', 'yes', '2016-06-01'),
  ('Sana Mirza', 'Events coordinator', ref('organisations', 'Bradford Council'), 'sana.mirza@example.org', '01632 960015', 'yes', '2016-06-01'),
  ('Philippa Wade', 'Board secretary', ref('organisations', 'Bradford Council'), 'philippa.wade@example.org', '01632 960016', 'yes', '2016-06-01'),
  ('Rukhsana Begum', 'Team leader, Primary Care Wellbeing Service', NULL, 'rukhsana.begum@example.org', '01632 960017', 'yes', '2016-09-12'),
  ('Simon Atkinson', 'Programme lead, Bradford Beating Diabetes', NULL, 'simon.atkinson@example.org', '01632 960018', 'yes', '2016-09-12'),
  ('Angela Redman', 'Nurse lead, Gold Line Service', NULL, 'angela.redman@example.org', '01632 960019', 'yes', '2016-09-12'),
  ('Tariq Aslam', 'Clinical lead, Bradford''s Healthy Hearts', NULL, 'tariq.aslam@example.org', '01632 960020', 'yes', '2016-09-12'),
  ('Frances Doyle', 'Manager, the Sanctuary at Mind', NULL, 'frances.doyle@example.org', '01632 960021', 'yes', '2016-09-12'),
  -- Exercise 2 books these two onto the May 2017 event…
  ('Omar Farooq', 'Care coordinator', ref('organisations', 'Heatonbrook Medical Practice'), 'omar.farooq@example.org', '01632 960022', 'yes', '2016-09-20'),
  ('Beth Kirkby', 'Volunteer coordinator', ref('organisations', 'Aire Valley Carers'' Network'), 'beth.kirkby@example.org', '01632 960023', 'yes', '2016-09-20'),
  -- …and finds this one booked already.
  ('Lucy Hartley', 'Social prescribing link worker', ref('organisations', 'Thornleigh Health Centre'), 'lucy.hartley@example.org', '01632 960024', 'yes', '2016-09-20'),
  ('Martin Greaves', 'Grants officer, Innovation Fund', ref('organisations', 'North Yorkshire County Council'), 'martin.greaves@example.org', '01632 960025', 'yes', '2014-05-01'),
  ('Joanna Pike', 'Monitoring and evaluation officer', ref('organisations', 'North Yorkshire County Council'), 'joanna.pike@example.org', '01632 960026', 'yes', '2014-05-01'),
  ('Gemma Sykes', 'Pioneer programme manager', ref('organisations', 'Leeds City Council'), 'gemma.sykes@example.org', '01632 960027', 'yes', '2013-11-04'),
  ('Dev Mistry', 'Digital health lead', ref('organisations', 'Kirkgate Health Labs'), 'dev.mistry@example.com', '01632 960028', 'yes', '2012-03-01'),
  ('Alan Fairhurst', 'Performance analyst', ref('organisations', 'Wigan Council'), 'alan.fairhurst@example.org', '01632 960029', 'yes', '2013-04-01'),
  ('Nicola Brennan', 'Workforce development lead', ref('organisations', 'Trafford Council'), 'nicola.brennan@example.org', '01632 960030', 'yes', '2015-09-01'),
  ('Craig Tomlinson', 'Practice educator', ref('organisations', 'Pennine Care NHS Foundation Trust'), 'craig.tomlinson@example.org', '01632 960031', 'yes', '2015-09-01');

-- Fictional delegates: 236 people. Person i (from 0) is called
-- first[i % 40] + last[(17 * (i % 40) + i / 40) % 40], which never gives
-- the same name twice; works where the list for i's range says (Bradford
-- and Craven for i < 170, Leeds up to 205, Trafford after); has the
-- address first.last@example.org and the number 07700 900iii; and
-- agreed to be contacted unless i is a multiple of 3.
INSERT INTO people (name, job_title, organisation_id, email, phone, consent_to_contact, consent_recorded_on)
WITH RECURSIVE
  n (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 235),
  lists (first, last, bradford, leeds, trafford) AS (SELECT
    '["Aisha", "Ben", "Chloe", "Daniel", "Emma", "Farhan", "Grace", "Harry", "Imran", "Jasmine",
      "Kieran", "Laura", "Mohammed", "Nadia", "Oliver", "Priya", "Rachel", "Samir", "Tom", "Usman",
      "Vicky", "William", "Yasmin", "Zainab", "Adam", "Bethany", "Callum", "Deborah", "Ethan", "Fatima",
      "Gareth", "Helen", "Ishaan", "Joanne", "Karen", "Liam", "Megan", "Naveed", "Olivia", "Paul"]',
    '["Ahmed", "Barker", "Clarke", "Dawson", "Ellis", "Fletcher", "Greenwood", "Hussain", "Iqbal", "Jackson",
      "Kerr", "Lister", "Mahmood", "Nolan", "Oakley", "Patel", "Quinn", "Robinson", "Sutcliffe", "Taylor",
      "Umar", "Varley", "Walsh", "Whitaker", "Young", "Akhtar", "Bell", "Crowther", "Dixon", "Egan",
      "Farrar", "Gill", "Holroyd", "Illingworth", "Jowett", "Kitson", "Latif", "Metcalfe", "Naylor", "Pickles"]',
    '[["Bradford Council", "Social worker"],
      ["Airedale NHS Foundation Trust", "Community matron"],
      ["Heatonbrook Medical Practice", "Practice nurse"],
      ["Aire Valley Carers'' Network", "Carers support worker"],
      ["Bradford Council", "Commissioning manager"],
      ["Airedale NHS Foundation Trust", "District nurse"],
      ["Thornleigh Health Centre", "Health care assistant"],
      ["Millstream Community Kitchen", "Volunteer cook"],
      ["Bradford Council", "Community development worker"],
      ["Airedale NHS Foundation Trust", "Physiotherapist"],
      ["Hawkscar Housing and Support", "Support worker"],
      ["Worthbeck Community Association", "Trustee"],
      ["Bradford Council", "Occupational therapist"],
      ["Airedale NHS Foundation Trust", "Discharge coordinator"],
      ["Heatonbrook Medical Practice", "Practice manager"],
      ["Aire Valley Carers'' Network", "Volunteer"],
      ["Bradford Council", "Reablement support worker"],
      ["Airedale NHS Foundation Trust", "Ward manager"],
      ["Thornleigh Health Centre", "GP"],
      ["Millstream Community Kitchen", "Coordinator"],
      ["Bradford Council", "Service manager"],
      ["Airedale NHS Foundation Trust", "Pharmacist"],
      ["Hawkscar Housing and Support", "Housing officer"]]',
    '[["Leeds City Council", "Adult social care manager"],
      ["Leeds Teaching Hospitals NHS Trust", "Clinical informatics lead"],
      ["Leeds Community Healthcare NHS Trust", "Community nurse"],
      ["Leeds and York Partnership NHS Foundation Trust", "Mental health nurse"],
      ["Third Sector Leeds", "Development officer"],
      ["Leeds Care Users'' Forum", "Member"],
      ["Kirkgate Health Labs", "Software developer"],
      ["NHS Leeds North Clinical Commissioning Group", "Commissioning manager"],
      ["Leeds City Council", "Public health officer"],
      ["Leeds Teaching Hospitals NHS Trust", "Consultant physician"],
      ["NHS Leeds West Clinical Commissioning Group", "Digital lead"],
      ["Leeds Community Healthcare NHS Trust", "Therapy lead"],
      ["NHS Leeds South and East Clinical Commissioning Group", "GP lead"]]',
    '[["Trafford Council", "Social worker"],
      ["Pennine Care NHS Foundation Trust", "Community nurse"],
      ["Trafford Council", "Family support worker"],
      ["Pennine Care NHS Foundation Trust", "Mental health practitioner"],
      ["Trafford Council", "Commissioning officer"],
      ["Pennine Care NHS Foundation Trust", "Health visitor"],
      ["Trafford Council", "Early help practitioner"],
      ["Pennine Care NHS Foundation Trust", "Team manager"]]'),
  named (i, first, last, work) AS (
    SELECT i,
           json_extract(first, '$[' || (i % 40) || ']'),
           json_extract(last, '$[' || ((17 * (i % 40) + i / 40) % 40) || ']'),
           CASE WHEN i < 170 THEN json_extract(bradford, '$[' || (i % json_array_length(bradford)) || ']')
                WHEN i < 206 THEN json_extract(leeds, '$[' || ((i - 170) % json_array_length(leeds)) || ']')
                ELSE json_extract(trafford, '$[' || ((i - 206) % json_array_length(trafford)) || ']') END
    FROM n, lists)
SELECT first || ' ' || last,
       json_extract(work, '$[1]'),
       ref('organisations', json_extract(work, '$[0]')),
       lower(first || '.' || last) || '@example.org',
       printf('07700 900%03d', i),
       CASE WHEN i % 3 = 0 THEN 'no' ELSE 'yes' END,
       CASE WHEN i % 3 = 0 THEN NULL ELSE date('2016-01-04', '+' || (i % 200) || ' days') END
FROM named
ORDER BY i;
