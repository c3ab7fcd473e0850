-- The demo, 100: outcome indicators and their measurements.
--
-- Exact, from the seeds: 14 pioneer areas; ten years between the life
-- expectancy of North West and South Leeds; Wigan's £7.5 million invested
-- in the community and its day centres, 15 then 5; fewer permanent
-- admissions to residential and nursing care and higher staff
-- satisfaction in Wigan; improved mental health, reduced social isolation
-- and enhanced independence among the Innovation Fund's outcomes. The
-- seeds give no dates for Wigan's figures and no values for the trends:
-- those are illustrative, and their notes say so.

INSERT INTO indicators (name, unit, direction, description) VALUES
  ('Integration pioneer areas', 'count', 'higher',
   'Areas of England named national pioneers for integrated health and social care.'),
  ('Life expectancy gap, North West to South Leeds', 'years', 'lower',
   'How many fewer years residents of South Leeds live than residents of North West Leeds: "for every mile you walk from North West Leeds heading South, the life expectancy of the residents drops by a year."'),
  ('Investment in the community', 'pounds', 'higher',
   'Money the council has invested in social enterprises and community projects "that reach the parts we can''t reach", in all since the Deal began.'),
  ('Day centres', 'count', 'lower',
   'Day centres run in the borough: capacity that does not address demand.'),
  ('Permanent admissions to residential and nursing care', 'rate', 'lower',
   'Permanent admissions of people aged 65 and over to residential and nursing care homes, per 100,000 population. Values illustrative.'),
  ('Staff satisfaction', 'percent', 'higher',
   'Staff who say they are satisfied with their job, in the council''s staff survey. Values illustrative.'),
  ('People reporting improved mental health', 'count', 'higher',
   'People using a funded project who reported improved mental health: an outcome the Innovation Fund''s Year 3 impact report names. Values illustrative.'),
  ('People reporting less social isolation', 'count', 'higher',
   'People using a funded project who reported feeling less isolated: an outcome the Innovation Fund''s Year 3 impact report names. Values illustrative.'),
  ('People reporting more independence', 'count', 'higher',
   'People using a funded project who reported more independence: an outcome the Innovation Fund''s Year 3 impact report names. Values illustrative.');

INSERT INTO measurements (indicator_id, area_id, organisation_id, project_id, period_start, period_end, value, source, note) VALUES
  (ref('indicators', 'Integration pioneer areas'), ref('areas', 'England'), NULL, NULL, '2013-11-01', '2013-11-01', 14,
   'Government announcement of the integration pioneers', 'Leeds is one of the 14.'),
  (ref('indicators', 'Life expectancy gap, North West to South Leeds'), ref('areas', 'Leeds'), NULL, NULL, '2012-01-01', '2012-12-31', 10,
   'Rob Webster, at the Leaders for Leeds civic leadership event', NULL),
  (ref('indicators', 'Investment in the community'), ref('areas', 'Wigan'), NULL, NULL, '2013-04-01', '2014-03-31', 1500000,
   'Wigan Council', 'Illustrative: the seed gives only the total, £7.5 million.'),
  (ref('indicators', 'Investment in the community'), ref('areas', 'Wigan'), NULL, NULL, '2014-04-01', '2015-03-31', 3500000,
   'Wigan Council', 'Illustrative: the seed gives only the total, £7.5 million.'),
  (ref('indicators', 'Investment in the community'), ref('areas', 'Wigan'), NULL, NULL, '2015-04-01', '2016-03-31', 5500000,
   'Wigan Council', 'Illustrative: the seed gives only the total, £7.5 million.'),
  (ref('indicators', 'Investment in the community'), ref('areas', 'Wigan'), NULL, NULL, '2016-04-01', '2017-03-31', 7500000,
   'Donna Hall, Chief Executive, Wigan Council', '"We have invested £7.5 million into the community to grow our brilliant social enterprises and community projects."'),
  (ref('indicators', 'Day centres'), ref('areas', 'Wigan'), NULL, NULL, '2012-04-01', '2013-03-31', 15,
   'Wigan Council', 'Before the Deal. The year is illustrative.'),
  (ref('indicators', 'Day centres'), ref('areas', 'Wigan'), NULL, NULL, '2016-04-01', '2017-03-31', 5,
   'Wigan Council', 'The borough reduced the number of day centres from 15 to 5. The year is illustrative.'),
  (ref('indicators', 'Permanent admissions to residential and nursing care'), ref('areas', 'Wigan'), NULL, NULL, '2012-04-01', '2013-03-31', 780, 'Wigan Council', 'Illustrative value.'),
  (ref('indicators', 'Permanent admissions to residential and nursing care'), ref('areas', 'Wigan'), NULL, NULL, '2013-04-01', '2014-03-31', 742, 'Wigan Council', 'Illustrative value.'),
  (ref('indicators', 'Permanent admissions to residential and nursing care'), ref('areas', 'Wigan'), NULL, NULL, '2014-04-01', '2015-03-31', 690, 'Wigan Council', 'Illustrative value.'),
  (ref('indicators', 'Permanent admissions to residential and nursing care'), ref('areas', 'Wigan'), NULL, NULL, '2015-04-01', '2016-03-31', 645, 'Wigan Council', 'Illustrative value.'),
  (ref('indicators', 'Permanent admissions to residential and nursing care'), ref('areas', 'Wigan'), NULL, NULL, '2016-04-01', '2017-03-31', 610, 'Wigan Council', 'Illustrative value.'),
  (ref('indicators', 'Staff satisfaction'), NULL, ref('organisations', 'Wigan Council'), NULL, '2013-01-01', '2013-12-31', 58, 'Wigan Council staff survey', 'Illustrative value.'),
  (ref('indicators', 'Staff satisfaction'), NULL, ref('organisations', 'Wigan Council'), NULL, '2015-01-01', '2015-12-31', 68, 'Wigan Council staff survey', 'Illustrative value.'),
  (ref('indicators', 'Staff satisfaction'), NULL, ref('organisations', 'Wigan Council'), NULL, '2016-01-01', '2016-12-31', 77, 'Wigan Council staff survey', 'Illustrative value.');

-- Year 3 of the Innovation Fund (April 2016 to March 2017), for the
-- projects of rounds 1 and 2 still running: fictional figures from the
-- fictional projects.
INSERT INTO measurements (indicator_id, project_id, period_start, period_end, value, source, note)
WITH o (indicator, project, value) AS (VALUES
  ('People reporting improved mental health', 'Good Neighbours on call', 46),
  ('People reporting less social isolation', 'Good Neighbours on call', 81),
  ('People reporting more independence', 'Wheels to wellbeing', 112),
  ('People reporting less social isolation', 'Wheels to wellbeing', 95),
  ('People reporting improved mental health', 'Memory cafés in every market town', 64),
  ('People reporting improved mental health', 'Carers'' breaks at home', 58),
  ('People reporting more independence', 'Seafront social prescribing', 73),
  ('People reporting improved mental health', 'Seafront social prescribing', 120),
  ('People reporting less social isolation', 'Telephone befriending', 140),
  ('People reporting more independence', 'Help at home after hospital', 204),
  ('People reporting less social isolation', 'Lunch clubs on the moors', 88),
  ('People reporting more independence', 'Falls-prevention handyperson', 167))
SELECT ref('indicators', o.indicator), ref('projects', o.project), '2016-04-01', '2017-03-31', o.value,
       'Innovation Fund Year 3 impact report', 'Illustrative value.'
FROM o;
