-- A faulty demo file for tests/demo/test-demo-load.c: the statement on
-- line 4 refers to an organisation that does not exist.

INSERT INTO people (name, organisation_id)
VALUES ('Nobody', ref('organisations', 'No Such Council'));
