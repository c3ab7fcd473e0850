-- The demo, 120: tasks, notes and tags.
--
-- The notes keep what people said, as the seed documents quote them; the
-- tasks are the fictional office's to-do list in the spring of 2017.

INSERT INTO tasks (title, description, due_on, status, completed_on, assignee_id, record_kind, record_id, created_by) VALUES
  ('Write up the October event for the Integration and Change Board', 'Include the photographs, videos and tweets gathered in the Storify.', '2016-11-04', 'done', '2016-11-02', ref('people', 'Philippa Wade'), 'event', ref('events', 'Learning and Innovation event, October 2016'), 'Sana Mirza'),
  ('Open bookings for the May event on Eventbrite', NULL, '2017-02-03', 'done', '2017-02-03', ref('people', 'Sana Mirza'), 'event', ref('events', 'Learning and Innovation event, May 2017'), 'Sana Mirza'),
  ('Confirm the rooms at the Mercure Hotel', 'Plenary room for 200, and rooms for the morning workshops.', '2017-04-21', 'open', NULL, ref('people', 'Sana Mirza'), 'event', ref('events', 'Learning and Innovation event, May 2017'), 'Sana Mirza'),
  ('Send joining instructions for the May event', 'Venue, parking and the programme, a week before.', '2017-05-12', 'open', NULL, ref('people', 'Hannah Ashwoth'), 'event', ref('events', 'Learning and Innovation event, May 2017'), 'Sana Mirza'),
  ('Sign the round 4 grant agreements', NULL, '2017-02-10', 'done', '2017-02-08', ref('people', 'Martin Greaves'), 'round', ref('rounds', 'Round 4'), 'Martin Greaves'),
  ('Collect the first monitoring returns from round 4', 'Quarterly returns from the six round 4 projects.', '2017-05-31', 'open', NULL, ref('people', 'Joanna Pike'), 'round', ref('rounds', 'Round 4'), 'Martin Greaves'),
  ('Circulate the Year 3 impact report', 'To the Health and Adult Services Directorate and the funded projects.', '2017-03-31', 'done', '2017-03-24', ref('people', 'Joanna Pike'), 'fund', ref('funds', 'North Yorkshire Innovation Fund'), 'Joanna Pike'),
  ('Hand over to the Stronger Communities programme', 'Which projects will need support after their grants end.', '2017-06-30', 'open', NULL, ref('people', 'Martin Greaves'), 'group', ref('groups', 'Stronger Communities programme'), 'Martin Greaves'),
  ('Update the Deal indicators for 2016/17', NULL, '2017-05-15', 'open', NULL, ref('people', 'Alan Fairhurst'), 'group', ref('groups', 'The Deal'), 'Alan Fairhurst');

INSERT INTO notes (record_kind, record_id, body, author) VALUES
  ('event', ref('events', 'Learning and Innovation event, October 2016'),
   'Kersten England, opening the event: "We must provide opportunities to share and learn from one another and promote opportunities for creativity. This is the start of such opportunities."', 'Sana Mirza'),
  ('event', ref('events', 'Learning and Innovation event, October 2016'),
   'Karl Mainprize, executive medical director at Airedale NHS Foundation Trust: "It was overwhelming to see such enthusiasm and motivation to work together. It was evident that there is a real appetite to work differently to innovate and meet the challenges we face; and we hope to repeat events like these." He urged people to continue to connect: "None of us is as smart as all of us."', 'Sana Mirza'),
  ('event', ref('events', 'Learning and Innovation event, October 2016'),
   'The source says only "in October": the day shown is illustrative.', 'Joinery demo'),
  ('group', ref('groups', 'Leeds integration pioneer partnership'),
   'Cllr Lisa Mulherin, chair of Leeds Health and Wellbeing Board: "People don’t want to have to repeat the same information to different health and social care staff, and expect a streamlined service with fewer gaps or delays – for example, if they need homecare or other support arranged before they leave hospital."', 'Gemma Sykes'),
  ('group', ref('groups', 'Leeds integration pioneer partnership'),
   'Dr Andy Harris, chair of the Health and Social Care Transformation Board: "Pioneer status can help us to take the next steps; making important improvements to delivery of care whilst creating a self-care culture among people in our city to encourage better health and wellbeing and greater independence."', 'Gemma Sykes'),
  ('group', ref('groups', 'URBACT 4D Cities'),
   'Mireia Sanàbria, URBACT 4D Cities Lead Expert: "In Leeds we could see the four drivers of our project – the health service, business, citizens and knowledge – already in place."', 'Gemma Sykes'),
  ('group', ref('groups', 'The Deal'),
   'Donna Hall, Chief Executive, Wigan Council: "The “Deal” is our plan of plans. It is our budget strategy. It is a single unifying philosophy that holds everything we and our partners do to make families and communities self-reliant while taking out systemic waste."', 'Alan Fairhurst'),
  ('project', ref('projects', 'i-Care'),
   'Jill Colbert, Trafford Council''s Interim Corporate Director for Children, Families and Wellbeing: "The i-Care Project focussed exclusively on workforce and was designed to bring about the capacity to implement a partner wide change programme so we could accelerate the integration of their services with Pennine Care NHS Foundation Trust and develop a robust, considered and tailored approach to joint workforce development."', 'Nicola Brennan'),
  ('project', ref('projects', 'i-Care'),
   'Richard Spearing, Integrated Network Director for Pennine Care and Trafford Council: "The i-Care project is an excellent example of the kind of working that achieves savings whilst improving service provision for our residents."', 'Nicola Brennan'),
  ('fund', ref('funds', 'North Yorkshire Innovation Fund'),
   'The seed names three themes without listing them: the demo''s theme names follow the fund''s goal (prevent, reduce or delay the need for care). The grant holders and their grants are fictional; the count (28) and the total (£1,130,000) are the seed''s.', 'Joinery demo');

INSERT INTO tags (record_kind, record_id, name) VALUES
  ('project', ref('projects', 'Primary Care Wellbeing Service'), 'showcase'),
  ('project', ref('projects', 'Bradford Beating Diabetes'), 'showcase'),
  ('project', ref('projects', 'Gold Line Service'), 'showcase'),
  ('project', ref('projects', 'Bradford''s Healthy Hearts'), 'showcase'),
  ('project', ref('projects', 'The Sanctuary at Mind'), 'showcase'),
  ('area', ref('areas', 'Leeds'), 'integration-pioneer'),
  ('group', ref('groups', 'Leeds integration pioneer partnership'), 'integration-pioneer'),
  ('project', ref('projects', 'i-Care'), 'award-winner'),
  ('project', ref('projects', 'New Realities (Merseyside)'), 'award-winner'),
  ('project', ref('projects', 'i-Care'), 'workforce'),
  ('project', ref('projects', 'Digital Health Centre of Excellence'), 'digital'),
  ('project', ref('projects', 'Leeds Teaching Hospitals open source portal'), 'digital'),
  ('event', ref('events', 'Digital Health Conference and Hack'), 'digital'),
  ('event', ref('events', 'Digital Health Conference and Hack v2'), 'digital'),
  ('indicator', ref('indicators', 'Permanent admissions to residential and nursing care'), 'illustrative'),
  ('indicator', ref('indicators', 'Staff satisfaction'), 'illustrative'),
  ('indicator', ref('indicators', 'People reporting improved mental health'), 'illustrative'),
  ('indicator', ref('indicators', 'People reporting less social isolation'), 'illustrative'),
  ('indicator', ref('indicators', 'People reporting more independence'), 'illustrative');
