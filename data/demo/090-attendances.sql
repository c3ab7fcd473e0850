-- The demo, 090: who booked and who came.
--
-- The named people are where the seeds put them; everyone else is a
-- fictional delegate from 030-people.sql, picked by the number i in their
-- telephone number (07700 900iii), so that the choice is a visible rule.

-- October 2016: over 150 people came (163 attended, 7 did not; two more
-- from Craven, in 130-links.sql, make 165).
INSERT INTO attendances (event_id, person_id, session_id, status, role, ticket_type, booked_on) VALUES
  (ref('events', 'Learning and Innovation event, October 2016'), ref('people', 'Kersten England'), ref('sessions', 'Welcome and opening'), 'attended', 'speaker', NULL, NULL),
  (ref('events', 'Learning and Innovation event, October 2016'), ref('people', 'Karl Mainprize'), NULL, 'attended', 'delegate', NULL, NULL),
  (ref('events', 'Learning and Innovation event, October 2016'), ref('people', 'Rukhsana Begum'), ref('sessions', 'Showcase: Primary Care Wellbeing Service'), 'attended', 'speaker', 'Speaker', '2016-09-12'),
  (ref('events', 'Learning and Innovation event, October 2016'), ref('people', 'Simon Atkinson'), ref('sessions', 'Showcase: Bradford Beating Diabetes'), 'attended', 'speaker', 'Speaker', '2016-09-12'),
  (ref('events', 'Learning and Innovation event, October 2016'), ref('people', 'Angela Redman'), ref('sessions', 'Showcase: Gold Line Service'), 'attended', 'speaker', 'Speaker', '2016-09-12'),
  (ref('events', 'Learning and Innovation event, October 2016'), ref('people', 'Tariq Aslam'), ref('sessions', 'Showcase: Bradford''s Healthy Hearts'), 'attended', 'speaker', 'Speaker', '2016-09-12'),
  (ref('events', 'Learning and Innovation event, October 2016'), ref('people', 'Frances Doyle'), ref('sessions', 'Showcase: the Sanctuary at Mind'), 'attended', 'speaker', 'Speaker', '2016-09-12'),
  (ref('events', 'Learning and Innovation event, October 2016'), ref('people', 'Hannah Ashwoth'), ref('sessions', 'Discussion: the learning from the workshops'), 'attended', 'facilitator', 'Staff', '2016-09-01'),
  (ref('events', 'Learning and Innovation event, October 2016'), ref('people', 'Sana Mirza'), ref('sessions', 'Discussion: ideas to transform how services are delivered'), 'attended', 'facilitator', 'Staff', '2016-09-01'),
  (ref('events', 'Learning and Innovation event, October 2016'), ref('people', 'Philippa Wade'), NULL, 'attended', 'delegate', 'Staff', '2016-09-01'),
  (ref('events', 'Learning and Innovation event, October 2016'), ref('people', 'Omar Farooq'), ref('sessions', 'Showcase: Bradford Beating Diabetes'), 'attended', 'delegate', 'Delegate', '2016-09-20'),
  (ref('events', 'Learning and Innovation event, October 2016'), ref('people', 'Beth Kirkby'), ref('sessions', 'Showcase: the Sanctuary at Mind'), 'attended', 'delegate', 'Delegate', '2016-09-20'),
  (ref('events', 'Learning and Innovation event, October 2016'), ref('people', 'Lucy Hartley'), ref('sessions', 'Showcase: Primary Care Wellbeing Service'), 'attended', 'delegate', 'Delegate', '2016-09-20');

-- Delegates 0 to 149 came, each to one of the five morning showcases;
-- 150 to 156 booked and did not come.
INSERT INTO attendances (event_id, person_id, session_id, status, role, ticket_type, booked_on)
WITH d (id, i) AS (SELECT id, CAST(substr(phone, 10) AS INTEGER) FROM people WHERE phone LIKE '07700 900___')
SELECT ref('events', 'Learning and Innovation event, October 2016'), d.id,
       ref('sessions', json_extract('["Showcase: Primary Care Wellbeing Service", "Showcase: Bradford Beating Diabetes",
                                      "Showcase: Gold Line Service", "Showcase: Bradford''s Healthy Hearts",
                                      "Showcase: the Sanctuary at Mind"]', '$[' || (d.i % 5) || ']')),
       CASE WHEN d.i < 150 THEN 'attended' ELSE 'no_show' END, 'delegate', 'Delegate',
       date('2016-09-01', '+' || (d.i % 30) || ' days')
FROM d WHERE d.i < 157 ORDER BY d.i;

-- May 2017, booked so far: four staff, and every even-numbered delegate
-- from 110 to 168, of whom those numbered a multiple of 12 cancelled.
INSERT INTO attendances (event_id, person_id, status, role, ticket_type, booked_on) VALUES
  (ref('events', 'Learning and Innovation event, May 2017'), ref('people', 'Hannah Ashwoth'), 'booked', 'facilitator', 'Staff', '2017-02-06'),
  (ref('events', 'Learning and Innovation event, May 2017'), ref('people', 'Sana Mirza'), 'booked', 'facilitator', 'Staff', '2017-02-06'),
  (ref('events', 'Learning and Innovation event, May 2017'), ref('people', 'Philippa Wade'), 'booked', 'delegate', 'Staff', '2017-02-06'),
  (ref('events', 'Learning and Innovation event, May 2017'), ref('people', 'Lucy Hartley'), 'booked', 'delegate', 'Delegate', '2017-02-14');

INSERT INTO attendances (event_id, person_id, status, role, ticket_type, booked_on)
WITH d (id, i) AS (SELECT id, CAST(substr(phone, 10) AS INTEGER) FROM people WHERE phone LIKE '07700 900___')
SELECT ref('events', 'Learning and Innovation event, May 2017'), d.id,
       CASE WHEN d.i % 12 = 0 THEN 'cancelled' ELSE 'booked' END, 'delegate', 'Delegate',
       date('2017-02-06', '+' || ((d.i - 110) % 50) || ' days')
FROM d WHERE d.i BETWEEN 110 AND 169 AND d.i % 2 = 0 ORDER BY d.i;

-- Leeds, 2012 and 2013: delegates 170 to 205.
INSERT INTO attendances (event_id, person_id, session_id, status, role) VALUES
  (ref('events', 'Leaders for Leeds civic leadership event'), ref('people', 'Rob Webster'), NULL, 'attended', 'delegate'),
  (ref('events', 'Leaders for Leeds civic leadership event'), ref('people', 'Dev Mistry'), NULL, 'attended', 'delegate'),
  (ref('events', 'Digital Health Conference and Hack'), ref('people', 'Dev Mistry'), NULL, 'attended', 'facilitator'),
  (ref('events', 'Digital Health Conference and Hack v2'), ref('people', 'Dev Mistry'), ref('sessions', 'The hack'), 'attended', 'facilitator');

INSERT INTO attendances (event_id, person_id, status, role)
WITH d (id, i) AS (SELECT id, CAST(substr(phone, 10) AS INTEGER) FROM people WHERE phone LIKE '07700 900___')
SELECT ref('events', 'Leaders for Leeds civic leadership event'), d.id, 'attended', 'delegate'
FROM d WHERE d.i BETWEEN 170 AND 205 AND d.i % 3 <> 1 ORDER BY d.i;

INSERT INTO attendances (event_id, person_id, status, role)
WITH d (id, i) AS (SELECT id, CAST(substr(phone, 10) AS INTEGER) FROM people WHERE phone LIKE '07700 900___')
SELECT ref('events', 'Digital Health Conference and Hack'), d.id, 'attended', 'delegate'
FROM d WHERE d.i BETWEEN 170 AND 205 AND d.i % 2 = 0 ORDER BY d.i;

INSERT INTO attendances (event_id, person_id, session_id, status, role)
WITH d (id, i) AS (SELECT id, CAST(substr(phone, 10) AS INTEGER) FROM people WHERE phone LIKE '07700 900___')
SELECT ref('events', 'Digital Health Conference and Hack v2'), d.id, ref('sessions', 'The hack'),
       CASE WHEN d.i % 7 = 0 THEN 'no_show' ELSE 'attended' END, 'delegate'
FROM d WHERE d.i BETWEEN 170 AND 205 AND (d.i % 2 = 1 OR d.i % 5 = 0) ORDER BY d.i;

-- Trafford, 2015: the i-Care training days, delegates 206 to 235, each
-- at two of the three days.
INSERT INTO attendances (event_id, person_id, status, role)
WITH days (n, name) AS (VALUES (0, 'i-Care training: all age integration'),
                               (1, 'i-Care training: family engagement'),
                               (2, 'i-Care training: commissioning'))
SELECT ref('events', days.name), ref('people', p.name), 'attended', 'facilitator'
FROM days, (SELECT 'Nicola Brennan' AS name UNION ALL SELECT 'Craig Tomlinson') p
ORDER BY days.n, p.name DESC;

INSERT INTO attendances (event_id, person_id, status, role)
WITH days (n, name) AS (VALUES (0, 'i-Care training: all age integration'),
                               (1, 'i-Care training: family engagement'),
                               (2, 'i-Care training: commissioning')),
     d (id, i) AS (SELECT id, CAST(substr(phone, 10) AS INTEGER) FROM people WHERE phone LIKE '07700 900___')
SELECT ref('events', days.name), d.id, CASE WHEN d.i % 11 = 0 THEN 'no_show' ELSE 'attended' END, 'delegate'
FROM days, d WHERE d.i BETWEEN 206 AND 235 AND (d.i + days.n) % 3 <> 0
ORDER BY days.n, d.i;
