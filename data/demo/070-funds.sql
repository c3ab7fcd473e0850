-- The demo, 070: the North Yorkshire Innovation Fund, its rounds and its
-- grants.
--
-- From the seed, exactly: the funder, the goal, three themes, four
-- rounds, the last in January 2017, and 28 funded projects worth
-- £1,130,000 in all. Everything else here — the grant holders, each
-- grant's amount and theme, the other rounds' dates — is fictional.
-- Amounts are in pounds.

INSERT INTO funds (name, funder_id, starts_on, description) VALUES
  ('North Yorkshire Innovation Fund', ref('organisations', 'North Yorkshire County Council'), '2014-06-02',
   'Funded by North Yorkshire County Council''s Health and Adult Services Directorate to support voluntary and community organisations in innovative approaches to early intervention or prevention. The overall goal: to transform adult social care in the county and help to prevent, reduce or delay the need for statutory social care services. Over four funding rounds, 28 projects received funding worth a total of £1.13 million; the last round was in January 2017, and future innovation is supported by the Stronger Communities programme. In the Year 3 impact report, projects reported tangible outcomes for the people who used their services, including improved mental health, reduced social isolation and enhanced independence, and being funded also helped them to scale up their activity.');

INSERT INTO fund_themes (fund_id, theme_id) VALUES
  (ref('funds', 'North Yorkshire Innovation Fund'), ref('themes', 'Prevent the need for care')),
  (ref('funds', 'North Yorkshire Innovation Fund'), ref('themes', 'Reduce the need for care')),
  (ref('funds', 'North Yorkshire Innovation Fund'), ref('themes', 'Delay the need for care'));

INSERT INTO rounds (fund_id, name, number, opens_on, closes_on) VALUES
  (ref('funds', 'North Yorkshire Innovation Fund'), 'Round 1', 1, '2014-06-02', '2014-07-31'),
  (ref('funds', 'North Yorkshire Innovation Fund'), 'Round 2', 2, '2015-01-05', '2015-02-27'),
  (ref('funds', 'North Yorkshire Innovation Fund'), 'Round 3', 3, '2015-10-01', '2015-11-30'),
  (ref('funds', 'North Yorkshire Innovation Fund'), 'Round 4', 4, '2016-11-14', '2017-01-06');

-- One grant per project. Rounds 1 to 3 are completed; round 4's grants
-- were awarded on 27 January 2017 and run for a year.
INSERT INTO grants (round_id, reference, title, applicant_id, project_id, theme_id, amount_requested, amount_awarded, status, submitted_on, awarded_on, starts_on, ends_on)
WITH g (round, reference, project, theme, requested, awarded) AS (VALUES
  ('Round 1', 'NYIF-1-01', 'Good Neighbours on call', 'Prevent the need for care', 42000, 40000),
  ('Round 1', 'NYIF-1-02', 'Wheels to wellbeing', 'Reduce the need for care', 55000, 52500),
  ('Round 1', 'NYIF-1-03', 'Memory cafés in every market town', 'Delay the need for care', 38000, 36000),
  ('Round 1', 'NYIF-1-04', 'Sheds for health', 'Prevent the need for care', 24000, 22500),
  ('Round 1', 'NYIF-1-05', 'Carers'' breaks at home', 'Delay the need for care', 61000, 58000),
  ('Round 1', 'NYIF-1-06', 'Seafront social prescribing', 'Reduce the need for care', 70000, 65000),
  ('Round 1', 'NYIF-1-07', 'Telephone befriending', 'Prevent the need for care', 30000, 28000),
  ('Round 1', 'NYIF-1-08', 'Dales walks', 'Prevent the need for care', 18500, 17500),
  ('Round 2', 'NYIF-2-01', 'Help at home after hospital', 'Reduce the need for care', 75000, 72000),
  ('Round 2', 'NYIF-2-02', 'Lunch clubs on the moors', 'Prevent the need for care', 26000, 25000),
  ('Round 2', 'NYIF-2-03', 'Volunteer drivers for appointments', 'Reduce the need for care', 33000, 31500),
  ('Round 2', 'NYIF-2-04', 'Time banking for older people', 'Prevent the need for care', 21000, 20000),
  ('Round 2', 'NYIF-2-05', 'Good Neighbours winter warmth', 'Delay the need for care', 29000, 27500),
  ('Round 2', 'NYIF-2-06', 'Falls-prevention handyperson', 'Delay the need for care', 48000, 46000),
  ('Round 2', 'NYIF-2-07', 'Dementia-friendly communities', 'Delay the need for care', 44000, 42500),
  ('Round 3', 'NYIF-3-01', 'Life after stroke', 'Delay the need for care', 39000, 37500),
  ('Round 3', 'NYIF-3-02', 'Friendship line', 'Prevent the need for care', 35000, 34000),
  ('Round 3', 'NYIF-3-03', 'Peer support for mental health', 'Reduce the need for care', 52000, 50000),
  ('Round 3', 'NYIF-3-04', 'Social prescribing in the dales', 'Reduce the need for care', 68000, 65500),
  ('Round 3', 'NYIF-3-05', 'Kitchen table conversations', 'Prevent the need for care', 23000, 22000),
  ('Round 3', 'NYIF-3-06', 'Shed on wheels', 'Prevent the need for care', 27000, 26000),
  ('Round 3', 'NYIF-3-07', 'Eldercare cooperative', 'Delay the need for care', 80000, 76500),
  ('Round 4', 'NYIF-4-01', 'Living well at home', 'Delay the need for care', 45000, 45000),
  ('Round 4', 'NYIF-4-02', 'Tea and talk', 'Prevent the need for care', 32000, 30000),
  ('Round 4', 'NYIF-4-03', 'Reablement volunteers', 'Reduce the need for care', 55000, 52500),
  ('Round 4', 'NYIF-4-04', 'Carers'' digital peer network', 'Delay the need for care', 41000, 41000),
  ('Round 4', 'NYIF-4-05', 'Meals and more', 'Reduce the need for care', 30000, 28500),
  ('Round 4', 'NYIF-4-06', 'Green gyms', 'Prevent the need for care', 40000, 37500)),
  -- Each round's dates: applications by its close, awards, and a year's work.
  d (round, status, awarded_on, starts_on, ends_on) AS (VALUES
  ('Round 1', 'completed', '2014-09-30', '2014-10-01', '2015-09-30'),
  ('Round 2', 'completed', '2015-04-30', '2015-05-01', '2016-04-30'),
  ('Round 3', 'completed', '2016-01-29', '2016-02-01', '2017-01-31'),
  ('Round 4', 'awarded', '2017-01-27', '2017-02-01', '2018-01-31'))
SELECT ref('rounds', g.round), g.reference, g.project, p.lead_organisation_id, p.id, ref('themes', g.theme),
       g.requested, g.awarded, d.status, r.closes_on, d.awarded_on, d.starts_on, d.ends_on
FROM g
JOIN d ON d.round = g.round
JOIN rounds r ON r.id = ref('rounds', g.round)
JOIN projects p ON p.id = ref('projects', g.project)
ORDER BY g.reference;

-- Each project takes its grant's theme.
INSERT INTO project_themes (project_id, theme_id)
SELECT project_id, theme_id FROM grants ORDER BY id;
