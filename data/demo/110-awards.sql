-- The demo, 110: awards.
--
-- The seed gives no year for the award: the field is left empty.

INSERT INTO awards (name, awarding_body_id, year, category, description) VALUES
  ('Integrated Working North West Award', ref('organisations', 'Health Education England'), NULL, 'Integrated working',
   'An NHS award of Health Education England for integrated working in the North West. Trafford Council (i-Care) and Sefton Council for Voluntary Service with Sefton Council (New Realities, Merseyside) were joint winners.');

INSERT INTO award_winners (award_id, organisation_id, project_id, result, citation) VALUES
  (ref('awards', 'Integrated Working North West Award'), ref('organisations', 'Trafford Council'), ref('projects', 'i-Care'), 'joint_winner',
   'For the i-Care project: changes to the way the authority functions, including how it operates with key partners from the NHS and other agencies.'),
  (ref('awards', 'Integrated Working North West Award'), ref('organisations', 'Sefton Council for Voluntary Service'), ref('projects', 'New Realities (Merseyside)'), 'joint_winner',
   'For the New Realities (Merseyside) project, with Sefton Council.'),
  (ref('awards', 'Integrated Working North West Award'), ref('organisations', 'Sefton Council'), ref('projects', 'New Realities (Merseyside)'), 'joint_winner',
   'For the New Realities (Merseyside) project, with Sefton Council for Voluntary Service.');
