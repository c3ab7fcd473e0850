-- The demo, 050: themes, shared by funds and projects.
--
-- The Innovation Fund awarded grants against three themes, which the seed
-- does not list; the demo names them after the fund's goal, "to prevent,
-- reduce or delay the need for statutory social care services". The
-- i-Care themes are the seed's own.

INSERT INTO themes (name, description) VALUES
  ('Prevent the need for care', 'Early intervention that stops a need for statutory social care from arising.'),
  ('Reduce the need for care', 'Support that lessens a need for statutory social care.'),
  ('Delay the need for care', 'Support that puts off the time when statutory social care is needed.'),
  ('All age integration', 'One of the three themes of the i-Care workforce project.'),
  ('Family engagement', 'One of the three themes of the i-Care workforce project.'),
  ('Commissioning', 'One of the three themes of the i-Care workforce project.'),
  ('New models of care', 'New ways of delivering health and care services.'),
  ('Digital health', 'Digital health and digitally enabled social care.'),
  ('Open source', 'Open source solutions in health care.');
