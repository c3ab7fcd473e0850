-- Joinery schema, migration 6: a large import is audited as one row.
--
-- An import past JOINERY_IMPORT_UNDO_MAX_BYTES (app/exchange/joinery-import.c)
-- writes one `import` row for all the records it creates instead of one
-- `create` row each with the record's values: on a million people those
-- rows were half the file. The row's `kind` is the kind imported, its
-- `record_id` the first id made (0 if none), its `change_group` the
-- import's, and `after` says what was done, with no record's values:
--   {"file": "people.csv", "rows": 1000000, "created": 1000000,
--    "updated": 0, "first_audit": 5301, "ids": [[1, 1000000]]}
-- (`ids`: the ranges of ids made, first and last, both included;
-- `first_audit`: the group's first audit row, the rows of the records it
-- updated lying between that and this one, for the recent changes). A
-- record's values when it was imported are the `before` of its first
-- later row, or its current values (joinery_db_audit_list()). Undoing the
-- import adds a second `import` row with the same object as `before` and
-- no `after`. Records an import updates keep their `update` rows.
--
-- As in migration 3, the trail is copied into a table with the wider list
-- of actions, and its triggers are made again as they were.

DROP TRIGGER audit_no_update;
DROP TRIGGER audit_no_delete;

CREATE TABLE audit_new (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  change_group INTEGER,
  kind TEXT NOT NULL,
  record_id INTEGER NOT NULL,
  action TEXT NOT NULL
    CHECK ((action = 'create' OR action = 'update' OR action = 'delete'
         OR action = 'export' OR action = 'erase' OR action = 'import')),
  before TEXT,
  after TEXT,
  source TEXT NOT NULL
) STRICT;
INSERT INTO audit_new (id, at, change_group, kind, record_id, action, before, after, source)
  SELECT id, at, change_group, kind, record_id, action, before, after, source FROM audit;
DROP TABLE audit;
ALTER TABLE audit_new RENAME TO audit;
CREATE INDEX audit_record ON audit (kind, record_id);
-- The few import rows, found without reading the trail: by kind and first
-- id for a record's history, by group for the recent changes.
CREATE INDEX audit_imports ON audit (kind, record_id) WHERE action = 'import';
CREATE INDEX audit_import_groups ON audit (change_group) WHERE action = 'import';

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
  SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
WHEN NOT joinery_audit_scrub_allowed ()
  OR NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at
  OR NEW.change_group IS NOT OLD.change_group OR NEW.kind IS NOT OLD.kind
  OR NEW.record_id IS NOT OLD.record_id OR NEW.action IS NOT OLD.action
  OR NEW.source IS NOT OLD.source
BEGIN
  SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
