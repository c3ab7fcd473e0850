-- The demo, 080: events and their sessions.
--
-- The seeds give the October event's month but not its day, and no dates
-- for the Leeds events beyond "this year" (2012) and "next April" (2013)
-- or for i-Care's training: those days are illustrative. The May 2017
-- event's date, venue and booking through Eventbrite are the seed's own.

INSERT INTO events (name, kind, starts_on, venue, area_id, organiser_id, group_id, booking_url, capacity, description) VALUES
  ('Learning and Innovation event, October 2016', 'learning_event', '2016-10-13', NULL,
   ref('areas', 'Bradford district and Craven'), NULL, ref('groups', 'Integration and Change Board'), NULL, NULL,
   'Over 150 people from the Bradford district and Craven — health and social care staff, with staff from voluntary and community services — joined forces to release innovation across health and care services, and to share their ideas and experiences. Organised on behalf of the Integration and Change Board to create a platform for innovation to grow and transform the way services are delivered across the district. Opened by Kersten England, Chief Executive of Bradford Council. In the morning workshops five established health and care projects showcased their approaches to delivering new models of care; the afternoon sessions discussed the learning from the workshops and developed ideas to change and transform the way services are delivered. Photographs, videos and tweets from the day were gathered in a Storify.'),
  ('Learning and Innovation event, May 2017', 'learning_event', '2017-05-19', 'Mercure Hotel, Bingley',
   ref('areas', 'Bingley'), NULL, ref('groups', 'Integration and Change Board'), 'https://www.eventbrite.co.uk', 200,
   'The next Learning and Innovation event, on Friday 19 May 2017 at the Mercure Hotel in Bingley. Book your place on the Eventbrite page.'),
  ('Leaders for Leeds civic leadership event', 'meeting', '2012-11-08', 'Civic Hall, Leeds',
   ref('areas', 'Leeds'), NULL, ref('groups', 'Leaders for Leeds'), NULL, NULL,
   'An event at the Civic Hall to encourage civic leadership across the city (#leadersforleeds): people from small social enterprises and community groups to the chief executives of major institutions. Health inequality as social inequality: residents of South Leeds live ten fewer years than residents of North West Leeds. The proposal of a Digital Health Centre of Excellence for Leaders for Leeds to champion.'),
  ('Digital Health Conference and Hack', 'hack', '2012-04-24', NULL,
   ref('areas', 'Leeds'), NULL, NULL, NULL, NULL,
   'The first Digital Health Conference and Hack in Leeds.'),
  ('Digital Health Conference and Hack v2', 'hack', '2013-04-23', NULL,
   ref('areas', 'Leeds'), NULL, NULL, NULL, NULL,
   'The second Digital Health Conference and Hack, held the April after the first: this time on open source solutions in health care, "the future of Health IT".'),
  ('i-Care training: all age integration', 'training', '2015-10-14', NULL,
   ref('areas', 'Trafford'), ref('organisations', 'Trafford Council'), NULL, NULL, 30,
   'i-Care workforce training for health and social care staff of Trafford Council and Pennine Care: all age integration.'),
  ('i-Care training: family engagement', 'training', '2015-11-11', NULL,
   ref('areas', 'Trafford'), ref('organisations', 'Trafford Council'), NULL, NULL, 30,
   'i-Care workforce training for health and social care staff of Trafford Council and Pennine Care: family engagement.'),
  ('i-Care training: commissioning', 'training', '2015-12-09', NULL,
   ref('areas', 'Trafford'), ref('organisations', 'Trafford Council'), NULL, NULL, 30,
   'i-Care workforce training for health and social care staff of Trafford Council and Pennine Care: commissioning.');

-- October 2016: the opening, five showcases in the morning, discussions
-- in the afternoon. Times are illustrative.
INSERT INTO sessions (event_id, title, kind, starts_at, ends_at, project_id, description) VALUES
  (ref('events', 'Learning and Innovation event, October 2016'), 'Welcome and opening', 'plenary', '09:30', '09:50', NULL,
   'Opened by Kersten England, Chief Executive of Bradford Council.'),
  (ref('events', 'Learning and Innovation event, October 2016'), 'Showcase: Primary Care Wellbeing Service', 'showcase', '10:00', '12:30', ref('projects', 'Primary Care Wellbeing Service'),
   'Staff share their experience of creating new ways of working and the challenges they addressed.'),
  (ref('events', 'Learning and Innovation event, October 2016'), 'Showcase: Bradford Beating Diabetes', 'showcase', '10:00', '12:30', ref('projects', 'Bradford Beating Diabetes'),
   'Staff share their experience of creating new ways of working and the challenges they addressed.'),
  (ref('events', 'Learning and Innovation event, October 2016'), 'Showcase: Gold Line Service', 'showcase', '10:00', '12:30', ref('projects', 'Gold Line Service'),
   'Staff share their experience of creating new ways of working and the challenges they addressed.'),
  (ref('events', 'Learning and Innovation event, October 2016'), 'Showcase: Bradford''s Healthy Hearts', 'showcase', '10:00', '12:30', ref('projects', 'Bradford''s Healthy Hearts'),
   'Staff share their experience of creating new ways of working and the challenges they addressed.'),
  (ref('events', 'Learning and Innovation event, October 2016'), 'Showcase: the Sanctuary at Mind', 'showcase', '10:00', '12:30', ref('projects', 'The Sanctuary at Mind'),
   'Staff share their experience of creating new ways of working and the challenges they addressed.'),
  (ref('events', 'Learning and Innovation event, October 2016'), 'Discussion: the learning from the workshops', 'discussion', '13:30', '14:30', NULL, NULL),
  (ref('events', 'Learning and Innovation event, October 2016'), 'Discussion: ideas to transform how services are delivered', 'discussion', '14:45', '15:45', NULL, NULL);

INSERT INTO sessions (event_id, title, kind, starts_at, ends_at, description) VALUES
  (ref('events', 'Learning and Innovation event, May 2017'), 'Welcome', 'plenary', '09:30', '09:45', NULL),
  (ref('events', 'Learning and Innovation event, May 2017'), 'Morning workshops', 'workshop', '10:00', '12:30', NULL),
  (ref('events', 'Learning and Innovation event, May 2017'), 'Afternoon discussions', 'discussion', '13:30', '15:30', NULL),
  (ref('events', 'Digital Health Conference and Hack v2'), 'Open source in health care', 'keynote', '09:30', '10:30', 'Open source solutions in health care.'),
  (ref('events', 'Digital Health Conference and Hack v2'), 'The hack', 'workshop', '10:45', '17:00', NULL);
